import { normalizeAnswer } from './fold.js';

/** One option of a multiple-choice question: the value to return and the words people may type for it. */
export interface Choice<T extends string> {
  readonly value: T;
  readonly labels: readonly string[];
}

// "1", "1.", "1)", "số 1", "chọn 1", "chọn số 1", "phương án 1" — how options get picked on SMS.
const OPTION_NUMBER = /^(?:(?:chon|so|phuong an|dap an) ?)*(\d{1,3})[.)]?$/;

// Shorter prefixes ("co", "ho") would pick an option from a fragment of an unrelated word.
const MIN_PREFIX_LENGTH = 3;

interface LabelMatch<T> {
  readonly value: T;
  readonly label: string;
}

/** Picks the option an answer names, by its 1-based number or by a label; undefined when none or several fit. */
export function recognizeChoice<T extends string>(input: string, choices: ReadonlyArray<Choice<T>>): T | undefined {
  const answer = normalizeAnswer(input);
  if (answer === '') return undefined;

  const position = OPTION_NUMBER.exec(answer)?.[1];
  if (position !== undefined) {
    const byNumber = choices[Number(position) - 1];
    // A number outside the list may still be a label ("0" for "no doses"), so fall through.
    if (byNumber !== undefined) return byNumber.value;
  }

  const labels: LabelMatch<T>[] = choices.flatMap((choice) =>
    choice.labels.map((label) => ({ value: choice.value, label: normalizeAnswer(label) })),
  );
  const usable = labels.filter((match) => match.label !== '');

  const exact = usable.filter((match) => match.label === answer);
  if (exact.length > 0) return onlyValue(exact);

  if (answer.length >= MIN_PREFIX_LENGTH) {
    const prefixed = usable.filter((match) => match.label.startsWith(answer));
    if (prefixed.length > 0) return onlyValue(prefixed);
  }

  const contained = usable.filter((match) => containsWords(answer, match.label));
  // "khong co" also contains the label "co"; the longer label says more, so the one inside it is dropped.
  const outermost = contained.filter(
    (match) =>
      !contained.some((other) => other.label.length > match.label.length && containsWords(other.label, match.label)),
  );
  return onlyValue(outermost);
}

function containsWords(text: string, words: string): boolean {
  return ` ${text.replace(/[.,!?;:]+/g, ' ').replace(/ +/g, ' ')} `.includes(` ${words} `);
}

function onlyValue<T>(matches: readonly LabelMatch<T>[]): T | undefined {
  const values = new Set(matches.map((match) => match.value));
  const [only, ...others] = values;
  return others.length === 0 ? only : undefined;
}
