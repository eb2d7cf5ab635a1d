import { addDays } from '../domain/vietnam-date.js';
import type { TranslationVars } from '../i18n/translator.js';
import { recognizeChoice } from '../text/choice.js';
import { recognizeDate } from '../text/date.js';
import { normalizeAnswer } from '../text/fold.js';
import { recognizeNumber } from '../text/number.js';
import { normalizeVietnamesePhone } from '../text/phone.js';
import { recognizeYesNo } from '../text/yes-no.js';
import type { AnswerSpec, AnswerValue } from './flow.js';
import type { ReplyChoice } from './turn-services.js';

export type Recognition = { ok: true; value: AnswerValue } | { ok: false; reask: string; vars?: TranslationVars };

const DEFAULT_TEXT_MAX = 500;

/** Interprets a citizen's answer to one question; an odd answer yields the re-ask text to use. */
export function recognizeAnswer(
  spec: AnswerSpec,
  input: string,
  context: { today: string; optionLabels: (key: string) => string; offered?: readonly ReplyChoice[] },
): Recognition {
  switch (spec.type) {
    case 'text': {
      const text = input.trim().replace(/\s+/g, ' ');
      const min = spec.minLength ?? 1;
      const max = spec.maxLength ?? DEFAULT_TEXT_MAX;
      return text.length >= min && text.length <= max
        ? { ok: true, value: text }
        : { ok: false, reask: 'common:reask.text', vars: { min, max } };
    }
    case 'number': {
      const value = recognizeNumber(input);
      const fits =
        value !== undefined && value >= spec.min && value <= spec.max && (!spec.integer || Number.isInteger(value));
      return fits
        ? { ok: true, value }
        : { ok: false, reask: 'common:reask.number', vars: { min: spec.min, max: spec.max } };
    }
    case 'yesNo': {
      const value = recognizeYesNo(input);
      return value === undefined ? { ok: false, reask: 'common:reask.yesNo' } : { ok: true, value };
    }
    case 'choice': {
      const choices = spec.options.map((option) => ({
        value: option.value,
        labels: [context.optionLabels(option.label), option.value, ...(option.synonyms ?? [])],
      }));
      const value = recognizeChoice(input, choices);
      return value === undefined
        ? { ok: false, reask: 'common:reask.choice', vars: { count: spec.options.length } }
        : { ok: true, value };
    }
    case 'pick': {
      const offered = context.offered ?? [];
      const value = recognizeChoice(
        input,
        offered.map((option) => ({ value: option.value, labels: [option.label, option.value] })),
      );
      return value === undefined
        ? { ok: false, reask: 'common:reask.choice', vars: { count: offered.length } }
        : { ok: true, value };
    }
    case 'phone': {
      const value = normalizeVietnamesePhone(input);
      return value === undefined ? { ok: false, reask: 'common:reask.phone' } : { ok: true, value };
    }
    case 'date': {
      const value = recognizeDate(input, context.today);
      const earliest = spec.earliestDays === undefined ? undefined : addDays(context.today, spec.earliestDays);
      const latest = spec.latestDays === undefined ? undefined : addDays(context.today, spec.latestDays);
      const inRange =
        value !== undefined &&
        (earliest === undefined || value >= earliest) &&
        (latest === undefined || value <= latest);
      return inRange ? { ok: true, value } : { ok: false, reask: 'common:reask.date' };
    }
  }
}

/** True when the answer asks for the main menu, whatever question is pending. */
export function isMenuCommand(input: string): boolean {
  return MENU_WORDS.has(normalizeAnswer(input));
}

/** True when the answer asks for help. */
export function isHelpCommand(input: string): boolean {
  return input.trim() === '?' || HELP_WORDS.has(normalizeAnswer(input));
}

/** True when the answer asks to stop announcements (the SMS keywords HUY / STOP / TU CHOI). */
export function isOptOutCommand(input: string): boolean {
  return OPT_OUT_WORDS.has(normalizeAnswer(input));
}

/** True when the answer asks to receive announcements again (DK / START). */
export function isOptInCommand(input: string): boolean {
  return OPT_IN_WORDS.has(normalizeAnswer(input));
}

const OPT_OUT_WORDS = new Set(['huy', 'stop', 'tu choi', 'huy dang ky', 'unsubscribe']);
const OPT_IN_WORDS = new Set(['dk', 'start', 'dang ky', 'subscribe']);
const MENU_WORDS = new Set(['0', 'menu', 'mn', 'trang chu', 'quay lai', 'bat dau', 'start', '/start', '/menu']);
const HELP_WORDS = new Set(['help', 'tro giup', 'giup', 'huong dan', 'hd', '/help']);
