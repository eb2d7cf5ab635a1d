import type { TurnContext } from 'botbuilder-core';
import { type DialogContext, DialogSet, type DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import { setIdentityOptedOut } from '../db/identities-repository.js';
import { isHelpCommand, isMenuCommand, isOptInCommand, isOptOutCommand } from './answer-recognition.js';
import type { FlowDefinition } from './flow.js';
import { type Answers, type FlowCode, FlowDialog, GAVE_UP } from './flow-dialog.js';
import { deepLinkText, matchTrigger } from './flow-triggers.js';
import { handedOverThisTurn, heldForStaff } from './handover-turn.js';
import { say, turnServices } from './turn-services.js';
import type { VersionedConversationState } from './versioned-state.js';

/** The flow every conversation starts in and returns to ("0" / "menu" from anywhere). */
export const MENU_FLOW = 'menu';
/** The menu's question step (prompts/menu.ts). */
const MENU_QUESTION = 'main';

export interface FlowCatalog extends FlowCode {
  flows: readonly FlowDefinition[];
}

/**
 * The payload of a message the service writes to itself to start a flow proactively (the daily health check):
 * ingest never stores this key from a provider, so a citizen cannot forge one.
 */
export interface SystemStart {
  flow: string;
  answers?: Answers;
}

/** Runs one turn: global commands first, then the active flow, falling back to the menu. */
export async function runBotTurn(
  context: TurnContext,
  catalog: FlowCatalog,
  state: VersionedConversationState,
): Promise<void> {
  const dialogs = new DialogSet(state.createProperty<DialogState>('dialogState'));
  for (const flow of catalog.flows) dialogs.add(new FlowDialog(flow, catalog));
  const dc = await dialogs.createContext(context);
  const text = context.activity.text ?? '';
  const channelData = (context.activity.channelData ?? {}) as { systemStart?: SystemStart; startPayload?: string };

  // A flow the service starts itself, or a deep link (a scanned QR poster): whatever was pending gives way.
  const started =
    channelData.systemStart ??
    (channelData.startPayload ? matchTrigger(catalog.flows, deepLinkText(channelData.startPayload)) : undefined);
  if (started) {
    await dc.cancelAllDialogs();
    await dc.beginDialog(started.flow, { answers: started.answers ?? {} });
    return;
  }

  // Opting out stops announcements only: answers to the citizen's own messages still go out.
  const services = turnServices(context);
  if (isOptOutCommand(text)) {
    await setIdentityOptedOut(services.db, services.identity.id, true);
    await say(context, 'common:optedOut');
    return;
  }
  // Only someone opted out can opt back in, so "dang ky" (register) stays free for the flows otherwise.
  if (services.identity.optedOut && isOptInCommand(text)) {
    await setIdentityOptedOut(services.db, services.identity.id, false);
    await say(context, 'common:optedIn');
    return;
  }
  // Handed to staff: their answer, not the bot's (opting out above still works).
  if (await heldForStaff(context, text)) return;
  if (isMenuCommand(text)) {
    await dc.cancelAllDialogs();
    await dc.beginDialog(MENU_FLOW);
    return;
  }
  if (isHelpCommand(text)) {
    await say(context, 'common:help');
    if (dc.activeDialog) await dc.repromptDialog();
    else await dc.beginDialog(MENU_FLOW);
    return;
  }
  const trigger = matchTrigger(catalog.flows, text);
  if (trigger && !pendingQuestionTakes(dialogs, dc, text)) {
    await dc.cancelAllDialogs();
    await dc.beginDialog(trigger.flow, { answers: trigger.answers });
    return;
  }
  const result = await dc.continueDialog();
  // A flow that just handed the citizen to staff ends quietly: staff speak next.
  if (handedOverThisTurn(context)) return;
  // No conversation yet, or the top flow ended (done, or the citizen gave up after repeated odd answers): the menu,
  // without its greeting for someone who was just told "back to the main menu".
  if (result.status === DialogTurnStatus.empty || result.status === DialogTurnStatus.complete) {
    await dc.beginDialog(MENU_FLOW, result.result === GAVE_UP ? { startAt: MENU_QUESTION } : undefined);
  }
}

function pendingQuestionTakes(dialogs: DialogSet, dc: DialogContext, text: string): boolean {
  const active = dc.activeDialog;
  if (!active) return false;
  const dialog = dialogs.find(active.id);
  return dialog instanceof FlowDialog && dialog.acceptsAsClosedAnswer(dc.context, active, text);
}
