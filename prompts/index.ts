import type { FlowDefinition } from '../core/dialogs/flow.js';
import { languageFlow } from './language.js';
import { menuFlow } from './menu.js';
import { vaccinationCancelFlow, vaccinationChangeFlow, vaccinationFollowupFlow } from './vaccination.js';

/** Every conversation the bot knows. */
export const flows: readonly FlowDefinition[] = [
  menuFlow,
  languageFlow,
  vaccinationCancelFlow,
  vaccinationChangeFlow,
  vaccinationFollowupFlow,
];
