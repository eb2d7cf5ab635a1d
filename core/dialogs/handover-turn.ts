import type { TurnContext } from 'botbuilder-core';
import { closeHandover, findOpenHandover, noteCitizenMessage } from '../db/handover-repository.js';
import { isMenuCommand } from './answer-recognition.js';
import { say, turnServices } from './turn-services.js';

/**
 * While the citizen's conversation is with staff, their message is theirs to read: it stays stored (the transcript)
 * and the bot says nothing. "0" / "menu" ends the handover instead, so nobody waits in silence for an office that
 * has closed for the night; the menu command then runs as usual. True when the turn is done.
 */
export async function heldForStaff(context: TurnContext, text: string): Promise<boolean> {
  const { db, identity } = turnServices(context);
  const open = await findOpenHandover(db, identity.id);
  if (!open) return false;
  if (isMenuCommand(text)) {
    await closeHandover(db, open.id, 'citizen');
    await say(context, 'handover:leftToMenu');
    return false;
  }
  await noteCitizenMessage(db, open.id);
  return true;
}

const HANDED_OVER = Symbol('handedOver');

/** Notes that this turn handed the conversation to staff: the menu must not follow the flow that did it. */
export function markHandedOver(context: TurnContext): void {
  context.turnState.set(HANDED_OVER, true);
}

/** Whether this turn handed the conversation to staff. */
export function handedOverThisTurn(context: TurnContext): boolean {
  return context.turnState.get(HANDED_OVER) === true;
}
