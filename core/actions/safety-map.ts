import { findWard } from '../db/admin-units-repository.js';
import { rememberPersonWard } from '../db/people-repository.js';
import { addVenueReport, currentWardRisk, saveSelfCheck } from '../db/safety-map-repository.js';
import { findVenueByCode, listOwnedVenues } from '../db/venues-repository.js';
import type { FlowAction, OptionSource } from '../dialogs/flow-dialog.js';
import { say, turnServices } from '../dialogs/turn-services.js';

/** Puts the person's known ward into the answer "wardCode"; outcome known | unknown (then the ward picker asks). */
export const prefillWard: FlowAction = async ({ context, answers }) => {
  const { person } = turnServices(context);
  if (!person.wardCode) return 'unknown';
  answers.wardCode = person.wardCode;
  return 'known';
};

/** Says the risk level in force in the ward "wardCode" and what it means, and remembers the ward. */
export const tellWardRisk: FlowAction = async ({ context, answers }) => {
  const services = turnServices(context);
  const wardCode = String(answers.wardCode ?? '');
  await rememberPersonWard(services.db, services.person.id, wardCode);
  const ward = await findWard(services.db, wardCode);
  const risk = await currentWardRisk(services.db, wardCode, services.today);
  const name = ward?.name ?? wardCode;
  if (!risk) {
    await say(context, 'safety:noLevel', { ward: name });
    return 'none';
  }
  const t = (key: string) => services.translator.t(services.locale, key);
  await say(context, 'safety:level', {
    ward: name,
    level: risk.level,
    colour: t(`safety:colours.${risk.level}`),
    meaning: t(`safety:meanings.${risk.level}`),
  });
  return risk.level;
};

/** The open venues the person owns (by the phone staff registered), for the daily self-check. */
export const ownedVenues: OptionSource = async ({ context }) => {
  const services = turnServices(context);
  const venues = await listOwnedVenues(services.db, services.person.id);
  return venues.map((venue) => ({ value: venue.id, label: `${venue.name} (${venue.code})` }));
};

/** Stores today's self-check of the venue "venueId" from the yes/no answers. */
export const saveVenueSelfCheck: FlowAction = async ({ context, answers }) => {
  const services = turnServices(context);
  await saveSelfCheck(services.db, {
    venueId: String(answers.venueId),
    checkDate: services.today,
    masks: answers.masks === true,
    distancing: answers.distancing === true,
    disinfection: answers.disinfection === true,
    qrDisplayed: answers.qrDisplayed === true,
    answeredBy: services.person.id,
  });
  return undefined;
};

/**
 * Files a citizen's report about a venue from "PA <code> <text>" (answer "report") or the answers "venueCode" and
 * "reportText" asked one by one. Outcome: missingCode, missingText, unknown (said so), or saved (thanked).
 */
export const fileVenueReport: FlowAction = async ({ context, answers }) => {
  const services = turnServices(context);
  const typed = /^(\d{3}\s?\d{3})(?:\s+(.*))?$/s.exec(String(answers.report ?? '').trim());
  delete answers.report;
  if (typed?.[1]) answers.venueCode = typed[1];
  if (typed?.[2]?.trim()) answers.reportText = typed[2].trim();
  const code = String(answers.venueCode ?? '').replace(/\s/g, '');
  if (code === '') return 'missingCode';
  const venue = /^\d{6}$/.test(code) ? await findVenueByCode(services.db, code) : undefined;
  if (venue?.status !== 'open') {
    await say(context, 'checkin:unknownCode', { code: code.slice(0, 12) });
    return 'unknown';
  }
  const text = String(answers.reportText ?? '').trim();
  if (text === '') return 'missingText';
  await addVenueReport(services.db, { venueId: venue.id, personId: services.person.id, text: text.slice(0, 1000) });
  await say(context, 'safety:reportSaved', { venue: venue.name });
  return 'saved';
};
