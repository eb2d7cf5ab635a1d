/** The SQLSTATE of a failed statement, whether the driver's error comes bare or wrapped by drizzle (as its `cause`). */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === 'string') return code;
  return cause === undefined ? undefined : sqlState(cause);
}

/**
 * True when a statement failed on a value one of its rows held (SQLSTATE class 22, data exception, or 23, integrity
 * constraint violation), so the same rows stored apart would fail only where that value is; not when the database was
 * away or the statement itself was wrong.
 */
export function failedOnRowValue(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && (state.startsWith('22') || state.startsWith('23'));
}
