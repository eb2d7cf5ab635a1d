import type { FlowDefinition } from '../core/dialogs/flow.js';
import { checkinFlow, checkoutFlow, venueRegistrationFlow } from './checkin.js';
import { declarationFlow } from './declaration.js';
import { entryDeclarationFlow } from './entry-declaration.js';
import { handoverFlow } from './handover.js';
import { languageFlow } from './language.js';
import { menuFlow } from './menu.js';
import { monitoringCheckFlow } from './monitoring-check.js';
import { reliefFlow, reliefStatusFlow } from './relief.js';
import { riskLevelFlow, selfCheckFlow, venueReportFlow } from './safety-map.js';
import {
  vaccinationCancelFlow,
  vaccinationChangeFlow,
  vaccinationFlow,
  vaccinationFollowupFlow,
} from './vaccination.js';
import { wardFlow } from './ward.js';

/** Every conversation the bot knows. */
export const flows: readonly FlowDefinition[] = [
  menuFlow,
  languageFlow,
  wardFlow,
  vaccinationFlow,
  vaccinationCancelFlow,
  vaccinationChangeFlow,
  vaccinationFollowupFlow,
  declarationFlow,
  entryDeclarationFlow,
  monitoringCheckFlow,
  reliefFlow,
  reliefStatusFlow,
  checkinFlow,
  checkoutFlow,
  venueRegistrationFlow,
  riskLevelFlow,
  selfCheckFlow,
  venueReportFlow,
  handoverFlow,
];
