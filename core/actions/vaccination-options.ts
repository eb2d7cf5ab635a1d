import { type Config, SUPPORTED_LOCALES } from '../config/env.js';
import { listLiveRegistrationsOf } from '../db/vaccination-registrations-repository.js';
import { listBookableSlots, listSitesWithPlaces } from '../db/vaccination-sites-repository.js';
import type { OptionSource } from '../dialogs/flow-dialog.js';
import { domainServices, turnServices } from '../dialogs/turn-services.js';
import { slotWindow } from '../domain/vaccination-format.js';
import type { Translator } from '../i18n/translator.js';

// Five fit Zalo's buttons and an SMS; the nearest come first.
const SHOWN = 5;

/** Configured priority groups without a label in every language (checked at start, like the flows). */
export function unlabelledPriorityGroups(config: Config, translator: Translator): string[] {
  return config.VACCINATION_PRIORITY_GROUPS.filter((code) =>
    SUPPORTED_LOCALES.some((locale) => !translator.has(locale, `vaccination:groups.${code}`)),
  );
}

/** The configured priority groups, in their configured order. */
export const vaccinationGroups: OptionSource = async ({ context }) => {
  const { translator, locale } = turnServices(context);
  return domainServices(context).config.VACCINATION_PRIORITY_GROUPS.map((code) => ({
    value: code,
    label: translator.t(locale, `vaccination:groups.${code}`),
  }));
};

/** The configured vaccines (the previous dose's). */
export const vaccinationVaccines: OptionSource = async ({ context }) =>
  [...domainServices(context).config.VACCINES.keys()].map((name) => ({ value: name, label: name }));

/** Sites with places left, the citizen's ward first. */
export const vaccinationSites: OptionSource = async ({ context, answers }) => {
  const { db, translator, locale } = turnServices(context);
  const rows = await listSitesWithPlaces(db, String(answers.wardCode ?? ''), domainServices(context).now(), SHOWN);
  return rows.map(({ site, freePlaces }) => ({
    value: site.id,
    label: translator.t(locale, 'vaccination:siteOption', { name: site.name, address: site.address, freePlaces }),
  }));
};

/** The chosen site's slots with places left, soonest first. */
export const vaccinationSlots: OptionSource = async ({ context, answers }) => {
  const { db, translator, locale } = turnServices(context);
  const slots = await listBookableSlots(db, String(answers.siteId ?? ''), domainServices(context).now(), SHOWN);
  return slots.map((slot) => ({
    value: slot.id,
    label: translator.t(locale, 'vaccination:slotOption', {
      window: slotWindow(slot.startsAt, slot.endsAt),
      vaccine: slot.vaccine,
      freePlaces: slot.capacity - slot.booked,
    }),
  }));
};

/** The bookings this person made (for themselves or others) that can still be cancelled or changed. */
export const vaccinationBookings: OptionSource = async ({ context }) => {
  const { db, person, translator, locale } = turnServices(context);
  const rows = await listLiveRegistrationsOf(db, person.id);
  return rows.slice(0, SHOWN).map(({ registration, slot, site }) => ({
    value: registration.id,
    label: translator.t(locale, 'vaccination:bookingOption', {
      name: registration.fullName,
      window: slotWindow(slot.startsAt, slot.endsAt),
      site: site.name,
    }),
  }));
};
