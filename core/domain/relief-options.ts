import type { ReliefItem, ReliefSituation } from '../db/schema.js';
import type { MultiChoiceOption } from '../text/multi-choice.js';

/** The goods a household can ask for, in the numbered order of the question, with the words people type for them. */
export const RELIEF_ITEM_OPTIONS: readonly MultiChoiceOption<ReliefItem>[] = [
  { value: 'rice', words: ['gao', 'rice'] },
  { value: 'noodles', words: ['mi', 'mi goi', 'mi tom', 'noodles', 'instant noodles'] },
  { value: 'milk', words: ['sua', 'milk'] },
  { value: 'oil', words: ['dau', 'dau an', 'oil', 'cooking oil'] },
  { value: 'medicine', words: ['thuoc', 'medicine', 'medicines'] },
  { value: 'cash', words: ['tien', 'tien mat', 'cash', 'money'] },
  { value: 'other', words: ['khac', 'other'] },
];

/** Why a household asks, in the numbered order of the question. */
export const RELIEF_SITUATION_OPTIONS: readonly MultiChoiceOption<ReliefSituation>[] = [
  { value: 'lost_income', words: ['mat thu nhap', 'mat viec', 'that nghiep', 'lost income', 'no income'] },
  { value: 'isolation', words: ['cach ly', 'phong toa', 'isolation', 'quarantine', 'lockdown'] },
  { value: 'alone', words: ['song mot minh', 'mot minh', 'neo don', 'alone', 'living alone'] },
  { value: 'other', words: ['khac', 'other'] },
];
