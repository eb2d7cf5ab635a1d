import { redactInbound } from '../db/messages-repository.js';
import type { BookingResult } from '../db/vaccination-booking-repository.js';
import { bookSlot, cancelRegistration, changeBooking } from '../db/vaccination-booking-repository.js';
import { findRegistration } from '../db/vaccination-registrations-repository.js';
import { findSlot } from '../db/vaccination-sites-repository.js';
import type { Answers, FlowAction } from '../dialogs/flow-dialog.js';
import { domainServices, sayImage, turnServices } from '../dialogs/turn-services.js';
import { checkNationalId, maskNationalId } from '../domain/national-id.js';
import { qrImage } from '../domain/qr.js';
import { slotWindow } from '../domain/vaccination-format.js';

type TurnContext = Parameters<FlowAction>[0]['context'];

/** "future" for a birth year after this year; the number question already refused anything that is no year. */
export const checkBirthYear: FlowAction = async ({ context, answers }) =>
  Number(answers.birthYear) > Number(turnServices(context).today.slice(0, 4)) ? 'future' : 'ok';

/**
 * Checks the typed ID number against the birth year. The number never stays in the conversation state: it is
 * replaced by its ciphertext, its keyed hash and a masked form before the state is saved.
 */
export const checkNationalIdAnswer: FlowAction = async ({ context, answers }) => {
  const typed = String(answers.idNumber ?? '');
  delete answers.idNumber;
  const checked = checkNationalId(typed, Number(answers.birthYear));
  // Nor in the stored conversation: the message that carried it keeps a masked copy.
  const services = turnServices(context);
  const masked = checked.ok ? maskNationalId(checked.digits) : typed.replace(/\d(?=\d{3})/g, '*');
  if (context.activity.id) await redactInbound(services.db, services.identity.id, context.activity.id, masked);
  if (!checked.ok) return checked.problem;
  const { nationalIds } = domainServices(context);
  answers.idCipher = nationalIds.encrypt(checked.digits);
  answers.idHash = nationalIds.lookupHash(checked.digits);
  answers.idMasked = maskNationalId(checked.digits);
  return 'ok';
};

/** The picked slot as the confirmation question shows it. */
export const describeSlot: FlowAction = async ({ context, answers }) => {
  const slot = await findSlot(turnServices(context).db, String(answers.slotId));
  return slot ? `${slotWindow(slot.startsAt, slot.endsAt)} ${slot.vaccine}` : '';
};

/** Books the picked slot; on success says the code (and shows it as a QR code where images go). */
export const bookVaccination: FlowAction = async ({ context, answers }) => {
  const services = turnServices(context);
  const dose = Number(answers.dose);
  const result = await bookSlot(
    services.db,
    {
      slotId: String(answers.slotId),
      registrantPersonId: services.person.id,
      forSelf: answers.whom === 'self',
      fullName: String(answers.fullName),
      birthYear: Number(answers.birthYear),
      idHash: String(answers.idHash),
      idCipher: String(answers.idCipher),
      priorityGroup: String(answers.priorityGroup),
      dose,
      previousVaccine: dose > 1 ? String(answers.previousVaccine) : null,
    },
    domainServices(context).now(),
  );
  return confirmBooking(context, result);
};

/** Cancels the picked booking of this registrant; its place is free at once. */
export const cancelVaccination: FlowAction = async ({ context, answers }) => {
  const services = turnServices(context);
  const row = await ownBooking(context, answers);
  if (!row) return 'gone';
  await cancelRegistration(services.db, row.registration.id, domainServices(context).now());
  return 'ok';
};

/** The ward of the booking being changed: new sites are offered around it. */
export const bookingWard: FlowAction = async ({ context, answers }) =>
  (await ownBooking(context, answers))?.site.wardCode ?? '';

/** Moves the picked booking to the picked slot, or leaves it where it was. */
export const changeVaccination: FlowAction = async ({ context, answers }) => {
  const row = await ownBooking(context, answers);
  if (!row) return 'noSlot';
  const result = await changeBooking(
    turnServices(context).db,
    row.registration.id,
    String(answers.slotId),
    domainServices(context).now(),
  );
  return confirmBooking(context, result);
};

async function ownBooking(context: TurnContext, answers: Answers) {
  const services = turnServices(context);
  const row = await findRegistration(services.db, { id: String(answers.bookingId) });
  const own = row?.registration.registrantPersonId === services.person.id && row.registration.status === 'booked';
  return own ? row : undefined;
}

async function confirmBooking(context: TurnContext, result: BookingResult): Promise<string> {
  if (!result.ok) return result.reason;
  const { registration, slot } = result;
  const services = turnServices(context);
  const row = await findRegistration(services.db, { id: registration.id });
  const vars = {
    name: registration.fullName,
    site: row?.site.name ?? '',
    address: row?.site.address ?? '',
    window: slotWindow(slot.startsAt, slot.endsAt),
    code: registration.code,
  };
  // The QR holds the code the site's staff look the booking up by; SMS gets the same code in the text.
  const alt = services.translator.t(services.locale, 'vaccination:qrAlt', vars);
  await sayImage(context, 'vaccination:booked', vars, await qrImage(registration.code, alt));
  return 'ok';
}
