import { activeCaseOfPerson, readingsBefore, recordReading } from '../db/monitoring-repository.js';
import type { MonitoringCheck, Person } from '../db/schema.js';
import { listStaffSubscriptions, staffTarget } from '../db/ward-staff-repository.js';
import type { FlowAction } from '../dialogs/flow-dialog.js';
import { noticeFromTurn, turnServices } from '../dialogs/turn-services.js';
import { alertFor, type Reading } from '../domain/monitoring-alerts.js';
import { parseQuickCheck } from '../domain/quick-check.js';
import { addDays } from '../domain/vietnam-date.js';

/** Days of readings staff see in an alert, and that rules over several days look at. */
const RECENT_DAYS = 3;

/** Checks the person is monitored and reads a one-message "SK 37.8 96"; the outcome picks the first question. */
export const beginDailyCheck: FlowAction = async ({ context, answers }) => {
  const { db, person } = turnServices(context);
  if (!(await activeCaseOfPerson(db, person.id))) return 'notMonitored';
  if (typeof answers.quick === 'string') {
    const quick = parseQuickCheck(answers.quick);
    if (!quick) return 'quickInvalid';
    Object.assign(answers, quick);
    return 'quick';
  }
  return 'ask';
};

const yesNoOrNull = (value: unknown) => (typeof value === 'boolean' ? value : null);

/** Stores today's readings and, on a warning or an emergency, tells the ward's staff with contact and readings. */
export const saveDailyCheck: FlowAction = async ({ context, answers }) => {
  const { db, person, today } = turnServices(context);
  const monitored = await activeCaseOfPerson(db, person.id);
  if (!monitored) throw new Error('daily check saved for a person with no active monitoring case');
  const reading: Reading = {
    temperature: Number(answers.temperature),
    spo2: Number(answers.spo2),
    breathingDifficulty: yesNoOrNull(answers.breathingDifficulty),
    chestPain: yesNoOrNull(answers.chestPain),
  };
  const earlier = await readingsBefore(db, monitored.id, today, RECENT_DAYS - 1);
  // Only an unbroken run of days counts for "three days in a row".
  const consecutive = earlier.filter((check, index) => check.checkDate === addDays(today, -(index + 1)));
  const alert = alertFor(reading, consecutive);
  const saved = await recordReading(
    db,
    {
      caseId: monitored.id,
      checkDate: today,
      reading,
      otherSymptoms: typeof answers.otherSymptoms === 'string' ? answers.otherSymptoms : null,
      alert,
    },
    new Date(),
  );
  if (alert.level !== 'none') {
    for (const subscription of await listStaffSubscriptions(db, monitored.wardCode)) {
      noticeFromTurn(context, staffTarget(subscription), `monitoring:staffAlert.${alert.level}`, {
        ...contactOf(person),
        readings: describeReadings([saved, ...earlier]),
      });
    }
  }
  return alert.level;
};

/** Name and phone of a monitored person as staff see them in a notice. */
export function contactOf(person: Person): { name: string; phone: string } {
  return { name: person.fullName ?? person.phone ?? person.id, phone: person.phone ?? '-' };
}

/** "22/11 38.6C SpO2 93%; 21/11 ..." (GSM-7, so an SMS stays cheap) — numbers only, readable in any language. */
function describeReadings(checks: readonly MonitoringCheck[]): string {
  return checks
    .map((check) => {
      const [, month, day] = check.checkDate.split('-');
      const temperature = check.temperature === null ? '' : ` ${check.temperature}C`;
      const spo2 = check.spo2 === null ? '' : ` SpO2 ${check.spo2}%`;
      return `${day}/${month}${temperature}${spo2}`;
    })
    .join('; ');
}
