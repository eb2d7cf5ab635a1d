import type { FlowAction } from '../dialogs/flow-dialog.js';
import { say, turnServices } from '../dialogs/turn-services.js';
import { addressKey } from '../domain/address-key.js';
import { RELIEF_GROUP_OPTIONS, RELIEF_ITEM_OPTIONS, RELIEF_SITUATION_OPTIONS } from '../domain/relief-options.js';
import { recognizeMultiChoice } from '../text/multi-choice.js';
import { recognizeYesNo } from '../text/yes-no.js';

// The relief flow's checks that a plain answer type cannot make. Each says its own re-ask and returns an outcome the
// flow branches on (back to the question, or on); the answers it reads were stored by the questions before it.

/** Reads the goods asked for ("1 3", "gạo, sữa") into `items`; "other" sends the flow to ask what. */
export const readReliefItems: FlowAction = async ({ context, answers }) => {
  const result = recognizeMultiChoice(String(answers.itemsText ?? ''), RELIEF_ITEM_OPTIONS);
  if (!result.ok) {
    await say(context, 'relief:reask.unknownPick', { word: result.unknown });
    return 'unknown';
  }
  const services = turnServices(context);
  answers.items = result.values.join(',');
  answers.itemsLabel = result.values
    .map((item) => services.translator.t(services.locale, `relief:items.${item}`))
    .join(', ');
  return result.values.includes('other') ? 'other' : 'ok';
};

/** Reads the household's situation ("1 2", "cách ly") into `situations`. */
export const readReliefSituations: FlowAction = async ({ context, answers }) => {
  const result = recognizeMultiChoice(String(answers.situationsText ?? ''), RELIEF_SITUATION_OPTIONS);
  if (!result.ok) {
    await say(context, 'relief:reask.unknownPick', { word: result.unknown });
    return 'unknown';
  }
  answers.situations = result.values.join(',');
  return 'ok';
};

/** An address must name something besides punctuation and place words, or households could not be told apart. */
export const checkReliefAddress: FlowAction = async ({ context, answers }) => {
  if (addressKey(String(answers.address ?? '')) !== '') return 'ok';
  await say(context, 'relief:reask.address');
  return 'unclear';
};

/**
 * Reads which vulnerable groups live in the household ("1 2", "người già", or "không" for none) into `groups`; the
 * flow then asks a count for each (never a zero: "0" is the menu command everywhere).
 */
export const readReliefGroups: FlowAction = async ({ context, answers }) => {
  const text = String(answers.groupsText ?? '');
  for (const option of RELIEF_GROUP_OPTIONS) delete answers[option.value];
  if (recognizeYesNo(text) === false) {
    answers.groups = '';
    return 'none';
  }
  const result = recognizeMultiChoice(text, RELIEF_GROUP_OPTIONS);
  if (!result.ok) {
    await say(context, 'relief:reask.unknownPick', { word: result.unknown });
    return 'unknown';
  }
  answers.groups = result.values.join(',');
  return 'ok';
};

/** The next picked group still without a count (its answer key), or "done". */
export const nextReliefGroup: FlowAction = async ({ answers }) => {
  const picked = String(answers.groups ?? '').split(',');
  return (
    RELIEF_GROUP_OPTIONS.find((option) => picked.includes(option.value) && answers[option.value] === undefined)
      ?.value ?? 'done'
  );
};

/** No group (elders, small children, ...) can be larger than the household; if one is, the counts are asked again. */
export const checkReliefMembers: FlowAction = async ({ context, answers }) => {
  const size = Number(answers.size);
  if (RELIEF_GROUP_OPTIONS.every((option) => Number(answers[option.value] ?? 0) <= size)) return 'ok';
  for (const option of RELIEF_GROUP_OPTIONS) delete answers[option.value];
  await say(context, 'relief:reask.members', { size });
  return 'tooMany';
};
