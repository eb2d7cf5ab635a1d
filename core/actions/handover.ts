import { findWard } from '../db/admin-units-repository.js';
import { knownWardOf, openHandover as storeHandover } from '../db/handover-repository.js';
import { rememberPersonWard } from '../db/people-repository.js';
import { listStaffSubscriptions, staffTarget } from '../db/ward-staff-repository.js';
import type { FlowAction } from '../dialogs/flow-dialog.js';
import { markHandedOver } from '../dialogs/handover-turn.js';
import { noticeFromTurn, say, turnServices } from '../dialogs/turn-services.js';
import { maskAddress } from '../domain/handover-view.js';

/** Puts the ward the service knows for the citizen into "wardCode"; outcome known | unknown (the picker asks). */
export const handoverWard: FlowAction = async ({ context, answers }) => {
  const { db, person } = turnServices(context);
  const wardCode = await knownWardOf(db, person);
  if (!wardCode) return 'unknown';
  answers.wardCode = wardCode;
  return 'known';
};

/**
 * Hands the conversation to the staff of the ward "wardCode": the citizen is told a person will answer (and the
 * emergency hotline), and each officer subscribed to the ward is told someone is waiting — once per handover.
 */
export const openHandover: FlowAction = async ({ context, answers }) => {
  const { db, person, identity } = turnServices(context);
  const wardCode = String(answers.wardCode ?? '');
  await rememberPersonWard(db, person.id, wardCode);
  const { opened } = await storeHandover(db, { identityId: identity.id, wardCode });
  const ward = (await findWard(db, wardCode))?.name ?? wardCode;
  await say(context, 'handover:opened', { ward });
  markHandedOver(context);
  if (!opened) return 'alreadyOpen';
  const address = maskAddress(identity.channel, identity.externalId);
  for (const subscription of await listStaffSubscriptions(db, wardCode)) {
    noticeFromTurn(context, staffTarget(subscription), 'handover:staffWaiting', {
      address,
      channel: identity.channel,
      ward,
    });
  }
  return 'opened';
};
