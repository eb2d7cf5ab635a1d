// API failures told in a page's own words when it has them ("<page>.errors.<code>" in console.json), else in the
// console's shared ones: a code such as wrong_state means something different on each page.
import { ApiError, notify, t } from './console.js';

/** The text an official reads for a failed call on page `page` ("cases", "venues"). */
export function explain(page, error) {
  const key = `${page}.errors.${error.code}`;
  const own = t(key);
  return own === key ? error.message : own;
}

/** Runs an async action; on failure shows the page's message for the error's code and resolves to undefined. */
export async function attemptIn(page, action) {
  try {
    return await action();
  } catch (error) {
    notify(error instanceof ApiError ? explain(page, error) : t('errors.generic', { message: String(error) }), 'error');
    return undefined;
  }
}
