import type { FlowDefinition } from '../core/dialogs/flow.js';
import { languageFlow } from './language.js';
import { menuFlow } from './menu.js';
import { monitoringCheckFlow } from './monitoring-check.js';

/** Every conversation the bot knows. */
export const flows: readonly FlowDefinition[] = [menuFlow, languageFlow, monitoringCheckFlow];
