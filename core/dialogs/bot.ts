import type { TurnContext } from 'botbuilder-core';
import { DialogSet, type DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import { isHelpCommand, isMenuCommand } from './answer-recognition.js';
import type { FlowDefinition } from './flow.js';
import { type FlowAction, FlowDialog } from './flow-dialog.js';
import { say } from './turn-services.js';
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
