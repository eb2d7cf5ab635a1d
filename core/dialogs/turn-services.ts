import type { TurnContext } from 'botbuilder-core';
import type { OutboundImage } from '../channels/contract.js';
import type { Locale } from '../config/env.js';
import type { Database } from '../db/database.js';
import type { NoticeTarget } from '../db/reach-repository.js';
import type { ChannelIdentity, Person } from '../db/schema.js';
import type { DomainServices } from '../domain/domain-services.js';
import type { TranslationVars, Translator } from '../i18n/translator.js';

/** What a turn may use: the person, their language, and the turn's own transaction. */
export interface TurnServices {
  /** The open transaction of this turn: everything a turn stores commits (or rolls back) with its state. */
  readonly db: Database;
  readonly person: Person;
  readonly identity: ChannelIdentity;
  readonly translator: Translator;
  /** Today's date in Vietnam (YYYY-MM-DD). */
  readonly today: string;
  /** The turn's clock (check-in times). */
  readonly now: Date;
  /** The person's language; an action that changes it affects the rest of the turn. */
  locale: Locale;
  /** Notices to other people (ward staff, a site's contact) stored with the turn and sent after it commits. */
  readonly notices: PendingNotice[];
  /** What domain actions need beyond the turn; absent in runners built without it (some tests). */
  readonly domain?: DomainServices;
}

export interface PendingNotice {
  target: NoticeTarget;
  key: string;
  vars?: TranslationVars;
}

const TURN_SERVICES = Symbol('turnServices');

export function attachTurnServices(context: TurnContext, services: TurnServices): void {
  context.turnState.set(TURN_SERVICES, services);
}

/** The services of the current turn; a turn run without them is a programming error. */
export function turnServices(context: TurnContext): TurnServices {
  const services = context.turnState.get(TURN_SERVICES) as TurnServices | undefined;
  if (!services) throw new Error('turn services were not attached to this turn');
  return services;
}

/** The domain services of this turn; an action that needs them in a runner built without them is a programming error. */
export function domainServices(context: TurnContext): DomainServices {
  const { domain } = turnServices(context);
  if (!domain) throw new Error('this turn runner was built without domain services');
  return domain;
}

export interface ReplyChoice {
  value: string;
  label: string;
}

/** Says a localized text, optionally with choices (buttons on chat apps, numbered on SMS). */
export async function say(
  context: TurnContext,
  key: string,
  vars?: TranslationVars,
  choices?: readonly ReplyChoice[],
): Promise<void> {
  const services = turnServices(context);
  const text = services.translator.t(services.locale, key, vars);
  await sayText(context, text, choices);
}

/** Says a localized text with an image (a QR receipt); channels without images (SMS) send the text alone. */
export async function sayImage(
  context: TurnContext,
  key: string,
  vars: TranslationVars | undefined,
  image: OutboundImage,
): Promise<void> {
  const services = turnServices(context);
  await context.sendActivity({
    type: 'message',
    text: services.translator.t(services.locale, key, vars),
    attachments: [
      { contentType: 'image/png', contentUrl: `data:image/png;base64,${image.pngBase64}`, name: image.alt },
    ],
  });
}

/**
 * Tells someone other than the citizen of this turn (a high-risk declaration to the ward's staff): stored with the
 * turn, in the target's own language, and sent only if the turn commits.
 */
export function noticeFromTurn(context: TurnContext, target: NoticeTarget, key: string, vars?: TranslationVars): void {
  turnServices(context).notices.push(vars ? { target, key, vars } : { target, key });
}

/** Says an already localized text. */
export async function sayText(context: TurnContext, text: string, choices?: readonly ReplyChoice[]): Promise<void> {
  await context.sendActivity({
    type: 'message',
    text,
    ...(choices && choices.length > 0
      ? {
          suggestedActions: {
            to: [],
            actions: choices.map((c) => ({ type: 'imBack', title: c.label, value: c.value })),
          },
        }
      : {}),
  });
}
