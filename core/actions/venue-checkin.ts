import { checkIn, checkOut } from '../db/checkins-repository.js';
import type { Database } from '../db/database.js';
import type { Venue } from '../db/schema.js';
import { createVenue, findVenue, findVenueByCode } from '../db/venues-repository.js';
import type { FlowAction } from '../dialogs/flow-dialog.js';
import { domainServices, say, turnServices } from '../dialogs/turn-services.js';
import type { CheckinSettings } from '../domain/checkin-settings.js';
import { codeOfLinkToken, verifyVenueLinkToken } from '../domain/venue-codes.js';
import { vietnamClock } from '../domain/vietnam-clock.js';

/**
 * Checks the citizen in at the venue named by the answer "venueCode": a 6-digit code typed by SMS ("CI 123456") or the
 * signed token of a poster's link. Says the receipt (the same one again for a repeat scan within 10 minutes), or why
 * not. Outcome: checkedIn | repeated | missing | unknown | pending | closed.
 */
export const checkInAtVenue: FlowAction = async ({ context, answers }) => {
  const services = turnServices(context);
  const settings = domainServices(context).checkin;
  const argument = String(answers.venueCode ?? '').trim();
  if (argument === '') return 'missing';
  const venue = await venueOf(services.db, settings, argument);
  if (!venue) {
    await say(context, 'checkin:unknownCode', { code: argument.slice(0, 12) });
    return 'unknown';
  }
  if (venue.status !== 'open') {
    await say(context, venue.status === 'pending' ? 'checkin:notConfirmed' : 'checkin:closed', { venue: venue.name });
    return venue.status;
  }
  const { checkin, repeated } = await checkIn(services.db, {
    venueId: venue.id,
    personId: services.person.id,
    channel: services.identity.channel,
    now: services.now,
    dwellMinutes: settings.dwellMinutes,
  });
  const at = vietnamClock(checkin.checkedInAt);
  // Chat apps get a check-out button whose label is itself a check-out keyword (a tap sends the label); SMS says "CO".
  const checkoutButton =
    services.identity.channel === 'sms'
      ? undefined
      : [{ value: 'checkout', label: services.translator.t(services.locale, 'checkin:checkoutButton') }];
  await say(
    context,
    repeated ? 'checkin:receiptAgain' : 'checkin:receipt',
    {
      venue: venue.name,
      time: at.time,
      date: at.date,
      receipt: checkin.receiptCode,
      until: vietnamClock(checkin.endsAt).time,
    },
    checkoutButton,
  );
  return repeated ? 'repeated' : 'checkedIn';
};

/** Ends the citizen's running stay ("CO"); outcome: checkedOut | none. */
export const checkOutOfVenue: FlowAction = async ({ context }) => {
  const services = turnServices(context);
  const closed = await checkOut(services.db, services.person.id, services.now);
  if (!closed) {
    await say(context, 'checkin:noOpenStay');
    return 'none';
  }
  const venue = await findVenue(services.db, closed.venueId);
  await say(context, 'checkin:checkedOut', {
    venue: venue?.name ?? '',
    time: vietnamClock(closed.endsAt).time,
    receipt: closed.receiptCode,
  });
  return 'checkedOut';
};

/** The venue a typed code ("123 456" too) or a poster token names; a token must carry a valid signature. */
async function venueOf(db: Database, settings: CheckinSettings, argument: string): Promise<Venue | undefined> {
  const digits = argument.replace(/[\s.-]/g, '');
  if (/^\d{6}$/.test(digits)) return findVenueByCode(db, digits);
  const code = codeOfLinkToken(argument);
  if (!code) return undefined;
  const venue = await findVenueByCode(db, code);
  return venue && verifyVenueLinkToken(settings.linkSecret, venue, argument) ? venue : undefined;
}

/** Registers the venue an owner described through the bot, pending until staff confirm it; says its future code. */
export const registerOwnVenue: FlowAction = async ({ context, answers }) => {
  const services = turnServices(context);
  const venue = await createVenue(services.db, {
    name: String(answers.venueName),
    category: String(answers.venueCategory),
    address: String(answers.venueAddress),
    wardCode: String(answers.wardCode),
    ownerPhone: services.person.phone,
    ownerPersonId: services.person.id,
    status: 'pending',
  });
  await say(context, 'checkin:registered', { venue: venue.name, code: venue.code });
  return venue.code;
};
