import type { AskStep } from '../core/dialogs/flow.js';
import { vietnamDate } from '../core/domain/vietnam-date.js';

// Checked when the process starts: a year of birth after this one is a typing slip.
const THIS_YEAR = Number(vietnamDate(new Date()).slice(0, 4));

/** Year of birth, 1900 to this year (1890 and 2090 are asked again). */
export const birthYearStep: AskStep = {
  kind: 'ask',
  id: 'birthYear',
  prompt: 'declaration:birthYear',
  answer: { type: 'number', min: 1900, max: THIS_YEAR, integer: true },
};

/** One yes/no question per item (`symptom_fever`, ...), each leading to the next; the last one goes to `after`. */
export function yesNoChain(prefix: 'symptom' | 'exposure', items: readonly string[], after: string): AskStep[] {
  return items.map((item, index) => ({
    kind: 'ask',
    id: `${prefix}_${item}`,
    prompt: `declaration:${prefix}.${item}`,
    answer: { type: 'yesNo' },
    next: index + 1 < items.length ? `${prefix}_${items[index + 1]}` : after,
  }));
}
