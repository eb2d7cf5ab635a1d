import type { TurnContext } from 'botbuilder-core';
import { DialogSet, type DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import { setIdentityOptedOut } from '../db/identities-repository.js';
import { isHelpCommand, isMenuCommand, isOptInCommand, isOptOutCommand } from './answer-recognition.js';
import type { FlowDefinition } from './flow.js';
import { type FlowAction, FlowDialog } from './flow-dialog.js';
import { say, turnServices } from './turn-services.js';
import type { VersionedConversationState } from './versioned-state.js';

/** The flow every conversation starts in and returns to ("0" / "menu" from anywhere). */
export const MENU_FLOW = 'menu';

export interface FlowCatalog {
  flows: readonly FlowDefinition[];
  actions: ReadonlyMap<string, FlowAction>;
}

/** Runs one turn: global commands first, then the active flow, falling back to the menu. */
export async function runBotTurn(
  context: TurnContext,
  catalog: FlowCatalog,
  state: VersionedConversationState,
): Promise<void> {
  const dialogs = new DialogSet(state.createProperty<DialogState>('dialogState'));
  for (const flow of catalog.flows) dialogs.add(new FlowDialog(flow, catalog.actions));
  const dc = await dialogs.createContext(context);
  const text = context.activity.text ?? '';

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
  const result = await dc.continueDialog();
  // No conversation yet, or the top flow ended (done, or the citizen gave up after repeated odd answers): the menu.
  if (result.status === DialogTurnStatus.empty || result.status === DialogTurnStatus.complete) {
    await dc.beginDialog(MENU_FLOW);
  }
}
