import { findRegistration, recordFollowup } from '../db/vaccination-registrations-repository.js';
import type { FlowAction } from '../dialogs/flow-dialog.js';
import { noticeFromTurn, turnServices } from '../dialogs/turn-services.js';
import { slotWindow } from '../domain/vaccination-format.js';

/**
 * Stores the answer to an after-shot follow-up; a severe reaction goes to the site's contact at once (with the
 * registrant's phone to call back), in the same transaction as the answer.
 */
export const recordReaction: FlowAction = async ({ context, answers }) => {
  const services = turnServices(context);
  const row = await findRegistration(services.db, { id: String(answers.registrationId) });
  if (!row || row.registration.registrantPersonId !== services.person.id) return 'unknown';
  const reaction = answers.reaction === 'severe' ? 'severe' : answers.reaction === 'mild' ? 'mild' : 'none';
  const escalate = reaction === 'severe';
  const first = await recordFollowup(services.db, {
    registrationId: row.registration.id,
    day: Number(answers.day),
    reaction,
    escalated: escalate,
  });
  if (escalate && first) {
    noticeFromTurn(context, { phone: row.site.contactPhone }, 'vaccination:escalation', {
      name: row.registration.fullName,
      birthYear: row.registration.birthYear,
      day: Number(answers.day),
      window: slotWindow(row.slot.startsAt, row.slot.endsAt),
      code: row.registration.code,
      phone: services.person.phone ?? '',
    });
  }
  return reaction;
};
