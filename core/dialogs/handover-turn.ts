import type { TurnContext } from 'botbuilder-core';
import { closeHandover, closeIdleHandover, findOpenHandover, noteCitizenMessage } from '../db/handover-repository.js';
import { isMenuCommand } from './answer-recognition.js';
import { say, turnServices } from './turn-services.js';

/**
 * A day: staff answer within office hours, so a conversation nobody wrote in for a day after their answer has ended,
 * and a citizen who waited that long for a first answer is told they still wait.
 */
export const HANDOVER_IDLE_MS = 24 * 3600_000;

/**
 * While the citizen's conversation is with staff, their message is theirs to read: it stays stored (the transcript)
 * and the bot says nothing. "0" / "menu" ends the handover instead, so nobody waits in silence for an office that
 * has closed for the night; the menu command then runs as usual. A conversation staff answered and then left open
 * ends by itself when the citizen writes a day later: weeks on, "khai bao" must reach the bot, not an empty inbox.
 * True when the turn is done.
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
  if (await closeIdleHandover(db, open.id, HANDOVER_IDLE_MS)) {
    await say(context, 'handover:ended');
    return false;
  }
  const { quietBefore } = await noteCitizenMessage(db, open.id, HANDOVER_IDLE_MS);
  // Once per quiet spell: the message just written starts a new one.
  if (quietBefore) await say(context, 'handover:stillWaiting');
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
