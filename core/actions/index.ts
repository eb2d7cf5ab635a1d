import type { FlowAction } from '../dialogs/flow-dialog.js';
import { setLocale } from './set-locale.js';

/** Every action a flow in prompts/ may name. */
export const flowActions: ReadonlyMap<string, FlowAction> = new Map([['setLocale', setLocale]]);
