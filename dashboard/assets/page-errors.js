// A page's own wording for API error codes the shell's errors.* does not know (console.json: <page>.errors.<code>),
// else the polite message api() already made.
import { t } from './console.js';

/** The text an official reads for a failed call on page `block` ("cases", "venues"). */
export function explain(block, error) {
  const key = `${block}.errors.${error.code}`;
  const own = t(key);
  return own === key ? error.message : own;
}
