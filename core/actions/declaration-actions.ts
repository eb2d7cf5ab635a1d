import { eq, sql } from 'drizzle-orm';
import type { NewDeclaration } from '../db/declarations-repository.js';
import { lastDeclarationOf, recordDeclaration } from '../db/declarations-repository.js';
import {
  addHouseholdMember,
  isHouseholdMember,
  listHouseholdMembers,
  MAX_HOUSEHOLD_MEMBERS,
} from '../db/household-repository.js';
import { people } from '../db/schema.js';
import { listStaffSubscriptions, staffTarget } from '../db/ward-staff-repository.js';
import type { Answers, FlowAction, OptionSource } from '../dialogs/flow-dialog.js';
import { noticeFromTurn, say, sayImage, turnServices } from '../dialogs/turn-services.js';
import { qrImage } from '../domain/qr.js';
import { assessRisk, EXPOSURES, SYMPTOMS } from '../domain/risk-rules.js';

/** "Myself", each household member, and "another family member" while there is room for one. */
export const declarationSubjects: OptionSource = async ({ context }) => {
  const { db, person, translator, locale } = turnServices(context);
  const t = (key: string, vars?: Record<string, string | number>) => translator.t(locale, `declaration:${key}`, vars);
  const members = await listHouseholdMembers(db, person.id);
  return [
    { value: 'self', label: person.fullName ? t('who.selfNamed', { name: person.fullName }) : t('who.self') },
    ...members.map((member) => ({
      value: member.id,
      label: t('who.member', { name: member.fullName ?? '', birthYear: member.birthYear ?? '' }),
    })),
    ...(members.length < MAX_HOUSEHOLD_MEMBERS ? [{ value: 'new', label: t('who.newMember') }] : []),
  ];
};

/**
 * Resolves whom the declaration is about and fills the answers with that person's last declaration, so a
 * returning person confirms once instead of retyping. Outcome "returning" or "new".
 */
export const prepareDeclaration: FlowAction = async ({ context, answers }) => {
  const services = turnServices(context);
  const { db, person, translator, locale } = services;
  const who = String(answers.who ?? 'self');
  let subjectId: string | undefined;
  if (who === 'self') subjectId = person.id;
  else if (who !== 'new') {
    if (!(await isHouseholdMember(db, person.id, who))) throw new Error('declaration subject is not in the household');
    subjectId = who;
  }
  // Someone declaring for themselves from a phone we know (their record, or the SMS they write from) does not
  // type it again.
  const ownPhone = person.phone ?? (services.identity.channel === 'sms' ? services.identity.externalId : undefined);
  answers.phoneKnown = who === 'self' && ownPhone !== undefined;
  if (who === 'self' && ownPhone) answers.phone = ownPhone;
  if (!subjectId) return 'new';
  answers.subjectId = subjectId;
  const last = await lastDeclarationOf(db, subjectId, 'domestic');
  if (!last) return 'new';
  Object.assign(answers, {
    fullName: last.fullName,
    birthYear: last.birthYear,
    address: last.address,
    ...(last.gender ? { gender: last.gender } : {}),
    ...(last.phone ? { phone: last.phone } : {}),
    ...(last.wardCode ? { wardCode: last.wardCode } : {}),
  });
  answers.summary = translator.t(locale, 'declaration:summary', {
    fullName: last.fullName,
    birthYear: last.birthYear,
    address: last.address,
  });
  return 'returning';
};

/** An optional text answer as stored: null rather than the string "undefined" when it was never given. */
function textAnswer(value: Answers[string] | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

/** The items answered "yes" in a chain of yes/no questions (`symptom_fever`, `exposure_abroad`, ...). */
function picked(answers: Answers, prefix: string, items: readonly string[]): string[] {
  return items.filter((item) => answers[`${prefix}_${item}`] === true);
}

/** What both declarations store, scored by the rules in force today and answered with receipt and advice. */
async function finishDeclaration(
  context: Parameters<FlowAction>[0]['context'],
  answers: Answers,
  input: Pick<NewDeclaration, 'kind' | 'personId' | 'exposures' | 'vaccineDoses' | 'travel'>,
): Promise<string> {
  const services = turnServices(context);
  const birthYear = Number(answers.birthYear);
  const symptoms = picked(answers, 'symptom', SYMPTOMS);
  const risk = assessRisk({ symptoms, exposures: input.exposures, birthYear, today: services.today });
  const declaration = await recordDeclaration(
    services.db,
    {
      ...input,
      declaredBy: services.person.id,
      fullName: String(answers.fullName),
      birthYear,
      gender: textAnswer(answers.gender),
      phone: textAnswer(answers.phone),
      wardCode: textAnswer(answers.wardCode),
      address: String(answers.address),
      symptoms,
      riskLevel: risk.level,
      ruleVersion: risk.ruleVersion,
      riskReasons: risk.reasons,
      channel: services.identity.channel,
    },
    new Date(),
  );
  await confirmDeclaration(context, declaration);
  return declaration.receiptCode;
}

/** Stores a domestic declaration against its subject (a new household member is created first). */
export const saveDeclaration: FlowAction = async ({ context, answers }) => {
  const { db, person, locale } = turnServices(context);
  const fullName = String(answers.fullName);
  const birthYear = Number(answers.birthYear);
  let personId = typeof answers.subjectId === 'string' ? answers.subjectId : undefined;
  if (!personId) personId = (await addHouseholdMember(db, person.id, { fullName, birthYear, locale })).id;
  else if (personId === person.id) await rememberOwnDetails(context, answers);
  return finishDeclaration(context, answers, {
    kind: 'domestic',
    personId,
    exposures: picked(answers, 'exposure', EXPOSURES),
    vaccineDoses: answers.vaccinated === true ? Number(answers.vaccineDoses) : 0,
  });
};

/** Stores an entry declaration: the entrant declares for themselves and has come from abroad. */
export const saveEntryDeclaration: FlowAction = async ({ context, answers }) => {
  const { person } = turnServices(context);
  await rememberOwnDetails(context, answers);
  return finishDeclaration(context, answers, {
    kind: 'entry',
    personId: person.id,
    exposures: ['abroad'],
    vaccineDoses: null,
    travel: {
      documentCipher: String(answers.documentCipher),
      documentMasked: String(answers.documentMasked),
      nationality: String(answers.nationality),
      vehicle: String(answers.vehicle),
      seat: String(answers.seat),
      port: String(answers.port),
      arrivalDate: String(answers.arrivalDate),
      countries: String(answers.countries),
    },
  });
};

/** Keeps the declarant's own name, year and ward on their person (staff search and notices use them). */
async function rememberOwnDetails(context: Parameters<FlowAction>[0]['context'], answers: Answers): Promise<void> {
  const { db, person } = turnServices(context);
  await db
    .update(people)
    .set({
      fullName: String(answers.fullName),
      birthYear: Number(answers.birthYear),
      wardCode: textAnswer(answers.wardCode),
      updatedAt: sql`now()`,
    })
    .where(eq(people.id, person.id));
}

/** The receipt, the advice for the level, and for a high risk a notice to every subscribed officer of the ward. */
async function confirmDeclaration(
  context: Parameters<FlowAction>[0]['context'],
  declaration: Awaited<ReturnType<typeof recordDeclaration>>,
): Promise<void> {
  const { db, translator, locale } = turnServices(context);
  const code = declaration.receiptCode;
  const level = translator.t(locale, `declaration:level.${declaration.riskLevel}`);
  const image = await qrImage(code, translator.t(locale, 'declaration:receiptAlt', { code }));
  await sayImage(context, 'declaration:receipt', { code, level }, image);
  await say(context, `declaration:advice.${declaration.riskLevel}`);
  if (declaration.riskLevel !== 'high' || !declaration.wardCode) return;
  for (const subscription of await listStaffSubscriptions(db, declaration.wardCode)) {
    noticeFromTurn(context, staffTarget(subscription), 'declaration:staffHighRisk', {
      name: declaration.fullName,
      birthYear: declaration.birthYear,
      phone: declaration.phone ?? '-',
      address: declaration.address,
      wardCode: declaration.wardCode,
      code,
    });
  }
}
