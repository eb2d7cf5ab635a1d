import type { FlowAction, OptionSource } from '../dialogs/flow-dialog.js';
import { setLocale } from './set-locale.js';

/** Every action a flow in prompts/ may name. */
export const flowActions: ReadonlyMap<string, FlowAction> = new Map([['setLocale', setLocale]]);

/** Every option source a "pick" question in prompts/ may name. */
export const optionSources: ReadonlyMap<string, OptionSource> = new Map<string, OptionSource>([]);
