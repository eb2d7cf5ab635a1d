import type { FlowAction } from '../dialogs/flow-dialog.js';
import { say, turnServices } from '../dialogs/turn-services.js';
import { addressKey } from '../domain/address-key.js';
import { RELIEF_ITEM_OPTIONS, RELIEF_SITUATION_OPTIONS } from '../domain/relief-options.js';
import { recognizeMultiChoice } from '../text/multi-choice.js';

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

/** No group (elders, small children, ...) can be larger than the household. */
export const checkReliefMembers: FlowAction = async ({ context, answers }) => {
  const size = Number(answers.size);
  const groups = ['over60', 'under6', 'disabled', 'pregnant'].map((key) => Number(answers[key] ?? 0));
  if (groups.every((count) => count <= size)) return 'ok';
  await say(context, 'relief:reask.members', { size });
  return 'tooMany';
};
