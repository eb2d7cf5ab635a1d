import type { FlowAction, OptionSource } from '../dialogs/flow-dialog.js';
import { setLocale } from './set-locale.js';
import {
  bookingWard,
  bookVaccination,
  cancelVaccination,
  changeVaccination,
  checkBirthYear,
  checkNationalIdAnswer,
  describeSlot,
} from './vaccination-actions.js';
import { recordReaction } from './vaccination-followup.js';
import {
  vaccinationBookings,
  vaccinationGroups,
  vaccinationSites,
  vaccinationSlots,
  vaccinationVaccines,
} from './vaccination-options.js';
import { countWardMiss, wardSuggestions } from './ward-picker.js';

/** Every action a flow in prompts/ may name. */
export const flowActions: ReadonlyMap<string, FlowAction> = new Map([
  ['setLocale', setLocale],
  ['checkBirthYear', checkBirthYear],
  ['checkNationalId', checkNationalIdAnswer],
  ['describeSlot', describeSlot],
  ['bookVaccination', bookVaccination],
  ['cancelVaccination', cancelVaccination],
  ['bookingWard', bookingWard],
  ['changeVaccination', changeVaccination],
  ['recordReaction', recordReaction],
  ['countWardMiss', countWardMiss],
]);

/** Every option source a "pick" question in prompts/ may name. */
export const optionSources: ReadonlyMap<string, OptionSource> = new Map<string, OptionSource>([
  ['vaccinationGroups', vaccinationGroups],
  ['vaccinationVaccines', vaccinationVaccines],
  ['vaccinationSites', vaccinationSites],
  ['vaccinationSlots', vaccinationSlots],
  ['vaccinationBookings', vaccinationBookings],
  ['wardSuggestions', wardSuggestions],
]);
