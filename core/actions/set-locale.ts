import { SUPPORTED_LOCALES } from '../config/env.js';
import { setPersonLocale } from '../db/people-repository.js';
import type { FlowAction } from '../dialogs/flow-dialog.js';
import { turnServices } from '../dialogs/turn-services.js';

/** Stores the language picked in the answer "locale"; the rest of the turn already speaks it. */
export const setLocale: FlowAction = async ({ context, answers }) => {
  const locale = SUPPORTED_LOCALES.find((candidate) => candidate === answers.locale);
  if (!locale) throw new Error(`setLocale: unsupported locale ${String(answers.locale)}`);
  const services = turnServices(context);
  await setPersonLocale(services.db, services.person.id, locale);
  services.locale = locale;
  return locale;
};
