import { normalizeAnswer } from '../text/fold.js';
import type { FlowDefinition } from './flow.js';

export interface TriggerMatch {
  flow: string;
  answers: Record<string, string>;
}

/**
 * The flow a keyword message starts ("KB", "CI 123456", "ci123456"), the longest keyword winning; a Telegram
 * deep link payload "ci_<token>" reads as "ci <token>". The argument keeps its original case (tokens are).
 */
export function matchTrigger(flows: readonly FlowDefinition[], text: string): TriggerMatch | undefined {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const candidates = flows.flatMap((flow) =>
    (flow.trigger?.keywords ?? []).map((keyword) => ({ flow, keyword: normalizeAnswer(keyword) })),
  );
  candidates.sort((a, b) => b.keyword.length - a.keyword.length);
  for (const { flow, keyword } of candidates) {
    const argument = argumentAfter(words, keyword);
    if (argument === undefined) continue;
    const argumentAs = flow.trigger?.argumentAs;
    if (argument !== '' && argumentAs === undefined) continue;
    return { flow: flow.id, answers: argumentAs && argument !== '' ? { [argumentAs]: argument } : {} };
  }
  return undefined;
}

/** The text a Telegram deep link payload stands for: its first "_" separates keyword and argument. */
export function deepLinkText(startPayload: string): string {
  const separator = startPayload.indexOf('_');
  return separator < 0 ? startPayload : `${startPayload.slice(0, separator)} ${startPayload.slice(separator + 1)}`;
}

/** What follows the keyword ("" when nothing does), or undefined when the text does not start with it. */
function argumentAfter(words: readonly string[], keyword: string): string | undefined {
  const keywordWords = keyword.split(' ').length;
  if (normalizeAnswer(words.slice(0, keywordWords).join(' ')) === keyword) {
    return words.slice(keywordWords).join(' ');
  }
  // "ci123456": a one-word keyword glued to a number.
  const first = words[0] ?? '';
  const glued = normalizeAnswer(first);
  if (keywordWords === 1 && glued.startsWith(keyword) && /^\d/.test(glued.slice(keyword.length))) {
    return [first.slice(keyword.length), ...words.slice(1)].join(' ');
  }
  return undefined;
}
