/**
 * A conversation written as data (see prompts/). Texts are i18n keys ("namespace:key"); the runtime
 * (flow-dialog.ts) asks, validates, re-asks and branches. A health official should be able to read one.
 */
export interface FlowDefinition {
  id: string;
  steps: readonly FlowStep[];
  /** Invalid answers tolerated per question before the flow gives up (default 3). */
  maxAttempts?: number;
  /** Words that start this flow from anywhere (SMS keywords such as "KB" or "CI 123456"). */
  trigger?: FlowTrigger;
}

/**
 * Keywords are folded (no diacritics, lower case). With `argumentAs`, what follows the keyword ("CI 123456",
 * "ci123456") is stored under that answer; a Telegram deep link `/start ci_<token>` reads as "ci <token>".
 */
export interface FlowTrigger {
  keywords: readonly string[];
  argumentAs?: string;
}

export type FlowStep = SayStep | AskStep | ActionStep | SubflowStep | EndStep;

interface StepBase {
  id: string;
}

/** Says a text, then moves on. */
export interface SayStep extends StepBase {
  kind: 'say';
  text: string;
  next?: Next;
}

/** Asks a question and waits for a valid answer, stored under `saveAs` (default: the step id). */
export interface AskStep extends StepBase {
  kind: 'ask';
  prompt: string;
  answer: AnswerSpec;
  saveAs?: string;
  /** Text said before repeating the question after an invalid answer; a default per answer type otherwise. */
  reask?: string;
  next?: Next;
}

/** Runs a named action (registered in code: storage, side effects); its outcome is stored under the step id. */
export interface ActionStep extends StepBase {
  kind: 'action';
  action: string;
  next?: Next;
}

/** Runs another flow to its end, then moves on; a citizen who gives up in it gives up here too. */
export interface SubflowStep extends StepBase {
  kind: 'flow';
  flow: string;
  /** Answers of the other flow copied back into this one when it ends (the ward picker's "wardCode"). */
  returns?: readonly string[];
  next?: Next;
}

export interface EndStep extends StepBase {
  kind: 'end';
  /** Ends as a give-up (the citizen could not find their answer): the whole conversation returns to the menu. */
  gaveUp?: boolean;
}

/** A step id, or a branch on a stored answer (yes/no answers are matched as "yes" / "no"). */
export type Next = string | { on: string; cases: Readonly<Record<string, string>>; otherwise?: string };

export interface ChoiceOption {
  value: string;
  /** i18n key of the label shown (button title, or "1. label" on SMS). */
  label: string;
  /** Extra words (folded, no diacritics) that also pick this option. */
  synonyms?: readonly string[];
  /** Where to go when this option is picked; overrides the step's next. */
  next?: string;
}

export type AnswerSpec =
  | { type: 'text'; minLength?: number; maxLength?: number }
  | { type: 'number'; min: number; max: number; integer?: boolean }
  | { type: 'yesNo' }
  | { type: 'choice'; options: readonly ChoiceOption[] }
  /**
   * Options computed when asked by a named option source (wards matching what was typed, free slots); kept in
   * the dialog state so the answer is read against what the citizen saw. No options: go to `whenEmpty`.
   */
  | { type: 'pick'; source: string; whenEmpty: string }
  | { type: 'phone' }
  /** Bounds in days relative to today (Asia/Ho_Chi_Minh): -14 = two weeks ago. */
  | { type: 'date'; earliestDays?: number; latestDays?: number };

export type AnswerValue = string | number | boolean;
