import type { FlowAction, OptionSource } from '../dialogs/flow-dialog.js';
import {
  declarationSubjects,
  prepareDeclaration,
  saveDeclaration,
  saveEntryDeclaration,
} from './declaration-actions.js';
import { handoverWard, openHandover } from './handover.js';
import { beginDailyCheck, saveDailyCheck } from './monitoring-actions.js';
import {
  checkReliefAddress,
  checkReliefMembers,
  nextReliefGroup,
  readReliefGroups,
  readReliefItems,
  readReliefSituations,
} from './relief-answers.js';
import { reliefStatus, submitRelief } from './relief-request.js';
import { fileVenueReport, ownedVenues, prefillWard, saveVenueSelfCheck, tellWardRisk } from './safety-map.js';
import { setLocale } from './set-locale.js';
import { protectTravelDocument } from './travel-document.js';
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
import { checkInAtVenue, checkOutOfVenue, registerOwnVenue } from './venue-checkin.js';
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
  ['prepareDeclaration', prepareDeclaration],
  ['saveDeclaration', saveDeclaration],
  ['saveEntryDeclaration', saveEntryDeclaration],
  ['protectTravelDocument', protectTravelDocument],
  ['beginDailyCheck', beginDailyCheck],
  ['saveDailyCheck', saveDailyCheck],
  ['checkReliefAddress', checkReliefAddress],
  ['checkReliefMembers', checkReliefMembers],
  ['readReliefGroups', readReliefGroups],
  ['nextReliefGroup', nextReliefGroup],
  ['readReliefItems', readReliefItems],
  ['readReliefSituations', readReliefSituations],
  ['submitRelief', submitRelief],
  ['reliefStatus', reliefStatus],
  ['checkInAtVenue', checkInAtVenue],
  ['checkOutOfVenue', checkOutOfVenue],
  ['registerOwnVenue', registerOwnVenue],
  ['countWardMiss', countWardMiss],
  ['prefillWard', prefillWard],
  ['tellWardRisk', tellWardRisk],
  ['saveVenueSelfCheck', saveVenueSelfCheck],
  ['fileVenueReport', fileVenueReport],
  ['handoverWard', handoverWard],
  ['openHandover', openHandover],
]);

/** Every option source a "pick" question in prompts/ may name. */
export const optionSources: ReadonlyMap<string, OptionSource> = new Map<string, OptionSource>([
  ['vaccinationGroups', vaccinationGroups],
  ['vaccinationVaccines', vaccinationVaccines],
  ['vaccinationSites', vaccinationSites],
  ['vaccinationSlots', vaccinationSlots],
  ['vaccinationBookings', vaccinationBookings],
  ['declarationSubjects', declarationSubjects],
  ['wardSuggestions', wardSuggestions],
  ['ownedVenues', ownedVenues],
]);
