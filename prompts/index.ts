import type { FlowDefinition } from '../core/dialogs/flow.js';
import { checkinFlow, checkoutFlow, venueRegistrationFlow } from './checkin.js';
import { languageFlow } from './language.js';
import { menuFlow } from './menu.js';
import { riskLevelFlow, selfCheckFlow, venueReportFlow } from './safety-map.js';
import { wardFlow } from './ward.js';

/** Every conversation the bot knows. */
export const flows: readonly FlowDefinition[] = [
  menuFlow,
  languageFlow,
  wardFlow,
  checkinFlow,
  checkoutFlow,
  venueRegistrationFlow,
  riskLevelFlow,
  selfCheckFlow,
  venueReportFlow,
];
