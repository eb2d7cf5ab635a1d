import type { FlowAction, OptionSource } from '../dialogs/flow-dialog.js';
import { fileVenueReport, ownedVenues, prefillWard, saveVenueSelfCheck, tellWardRisk } from './safety-map.js';
import { setLocale } from './set-locale.js';
import { checkInAtVenue, checkOutOfVenue, registerOwnVenue } from './venue-checkin.js';
import { countWardMiss, wardSuggestions } from './ward-picker.js';

/** Every action a flow in prompts/ may name. */
export const flowActions: ReadonlyMap<string, FlowAction> = new Map([
  ['setLocale', setLocale],
  ['checkInAtVenue', checkInAtVenue],
  ['checkOutOfVenue', checkOutOfVenue],
  ['registerOwnVenue', registerOwnVenue],
  ['countWardMiss', countWardMiss],
  ['prefillWard', prefillWard],
  ['tellWardRisk', tellWardRisk],
  ['saveVenueSelfCheck', saveVenueSelfCheck],
  ['fileVenueReport', fileVenueReport],
]);

/** Every option source a "pick" question in prompts/ may name. */
export const optionSources: ReadonlyMap<string, OptionSource> = new Map<string, OptionSource>([
  ['wardSuggestions', wardSuggestions],
  ['ownedVenues', ownedVenues],
]);
