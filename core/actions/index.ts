import type { FlowAction, OptionSource } from '../dialogs/flow-dialog.js';
import {
  checkReliefAddress,
  checkReliefMembers,
  nextReliefGroup,
  readReliefGroups,
  readReliefItems,
  readReliefSituations,
} from './relief-answers.js';
import { reliefStatus, submitRelief } from './relief-request.js';
import { setLocale } from './set-locale.js';
import { countWardMiss, wardSuggestions } from './ward-picker.js';

/** Every action a flow in prompts/ may name. */
export const flowActions: ReadonlyMap<string, FlowAction> = new Map([
  ['setLocale', setLocale],
  ['checkReliefAddress', checkReliefAddress],
  ['checkReliefMembers', checkReliefMembers],
  ['readReliefGroups', readReliefGroups],
  ['nextReliefGroup', nextReliefGroup],
  ['readReliefItems', readReliefItems],
  ['readReliefSituations', readReliefSituations],
  ['submitRelief', submitRelief],
  ['reliefStatus', reliefStatus],
  ['countWardMiss', countWardMiss],
]);

/** Every option source a "pick" question in prompts/ may name. */
export const optionSources: ReadonlyMap<string, OptionSource> = new Map<string, OptionSource>([
  ['wardSuggestions', wardSuggestions],
]);
