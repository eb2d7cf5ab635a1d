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

export type ReliefGroup = 'over60' | 'under6' | 'disabled' | 'pregnant';

/** The vulnerable groups a household may count, in the numbered order of the question; values are answer keys. */
export const RELIEF_GROUP_OPTIONS: readonly MultiChoiceOption<ReliefGroup>[] = [
  { value: 'over60', words: ['tren 60', 'nguoi gia', 'cao tuoi', 'over 60', 'elderly'] },
  { value: 'under6', words: ['duoi 6', 'tre em', 'tre nho', 'under 6', 'children'] },
  { value: 'disabled', words: ['khuyet tat', 'disabled', 'disability'] },
  { value: 'pregnant', words: ['mang thai', 'co thai', 'co bau', 'pregnant'] },
];
