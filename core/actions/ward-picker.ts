import { searchWards } from '../db/admin-units-repository.js';
import type { FlowAction, OptionSource } from '../dialogs/flow-dialog.js';
import { turnServices } from '../dialogs/turn-services.js';

const SUGGESTIONS = 5;
const MAX_SEARCHES = 3;
/** The option that asks to type the name again. */
export const RETYPE_WARD = 'retype';

// "Thành phố Biên Hòa" → "Biên Hòa": the district only tells two same-named wards apart, so it is kept short.
const UNIT_TYPE = /^(thành phố|thị xã|quận|huyện|tỉnh)\s+/i;

/** The wards matching what the citizen typed (answer "wardQuery"), then "none of these". */
export const wardSuggestions: OptionSource = async ({ context, answers }) => {
  const services = turnServices(context);
  const wards = await searchWards(services.db, String(answers.wardQuery ?? ''), SUGGESTIONS);
  if (wards.length === 0) return [];
  return [
    ...wards.map((ward) => ({
      value: ward.code,
      label: `${ward.name} (${ward.districtName.replace(UNIT_TYPE, '')})`,
    })),
    { value: RETYPE_WARD, label: services.translator.t(services.locale, 'ward:retype') },
  ];
};

/** Counts searches that found nothing: "again" while the citizen may retry, then "stop". */
export const countWardMiss: FlowAction = async ({ answers }) => {
  const misses = Number(answers.wardMisses ?? 0) + 1;
  answers.wardMisses = misses;
  return misses >= MAX_SEARCHES ? 'stop' : 'again';
};
