import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { hashPassword } from '../domain/passwords.js';
import type { Database } from './database.js';
import { apiTokens, type StaffAccount, staffAccounts, staffSessions } from './schema.js';

export type StaffRole = StaffAccount['role'];

/** Tokens are random; only their SHA-256 is stored and looked up. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export class UsernameTakenError extends Error {}

export async function createStaffAccount(
  db: Database,
  input: { username: string; displayName: string; password: string; role: StaffRole; areas: readonly string[] },
): Promise<StaffAccount> {
  const [row] = await db
    .insert(staffAccounts)
    .values({
      username: input.username.trim().toLowerCase(),
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      areas: [...input.areas],
    })
    .onConflictDoNothing({ target: staffAccounts.username })
    .returning();
  if (!row) throw new UsernameTakenError(`the username ${input.username} is taken`);
  return row;
}

export async function findStaffByUsername(db: Database, username: string): Promise<StaffAccount | undefined> {
  const [row] = await db.select().from(staffAccounts).where(eq(staffAccounts.username, username.trim().toLowerCase()));
  return row;
}

export async function findStaffAccount(db: Database, id: string): Promise<StaffAccount | undefined> {
  const [row] = await db.select().from(staffAccounts).where(eq(staffAccounts.id, id));
  return row;
}

export async function listStaffAccounts(db: Database): Promise<StaffAccount[]> {
  return db.select().from(staffAccounts).orderBy(asc(staffAccounts.username));
}

export async function updateStaffAccess(
  db: Database,
  id: string,
  change: { role?: StaffRole; areas?: readonly string[]; disabled?: boolean },
): Promise<StaffAccount | undefined> {
  const [row] = await db
    .update(staffAccounts)
    .set({
      ...(change.role ? { role: change.role } : {}),
      ...(change.areas ? { areas: [...change.areas] } : {}),
      ...(change.disabled === undefined ? {} : { disabled: change.disabled }),
      updatedAt: sql`now()`,
    })
    .where(eq(staffAccounts.id, id))
    .returning();
  // A disabled account or a changed role signs in again: its open sessions end now.
  if (row) await db.delete(staffSessions).where(eq(staffSessions.accountId, id));
  return row;
}

/** Counts a wrong password; the MAX_FAILED-th locks the account for LOCK_MS. */
export async function recordFailedLogin(db: Database, id: string, maxFailed: number, lockMs: number): Promise<void> {
  await db
    .update(staffAccounts)
    .set({
      failedLogins: sql`${staffAccounts.failedLogins} + 1`,
      lockedUntil: sql`case when ${staffAccounts.failedLogins} + 1 >= ${maxFailed}
        then now() + ${`${lockMs} milliseconds`}::interval else ${staffAccounts.lockedUntil} end`,
      updatedAt: sql`now()`,
    })
    .where(eq(staffAccounts.id, id));
}

/** A successful sign-in: failures forgotten, a session opened. Returns the cookie token and the CSRF token. */
export async function openSession(
  db: Database,
  accountId: string,
  ttlMs: number,
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(Date.now() + ttlMs);
  await db.transaction(async (tx) => {
    await tx
      .update(staffAccounts)
      .set({ failedLogins: 0, lockedUntil: null, updatedAt: sql`now()` })
      .where(eq(staffAccounts.id, accountId));
    await tx.insert(staffSessions).values({ tokenHash: tokenHash(token), accountId, csrfToken, expiresAt });
  });
  return { token, csrfToken, expiresAt };
}

export async function findSession(
  db: Database,
  token: string,
): Promise<{ account: StaffAccount; csrfToken: string } | undefined> {
  const [row] = await db
    .select({ account: staffAccounts, csrfToken: staffSessions.csrfToken })
    .from(staffSessions)
    .innerJoin(staffAccounts, eq(staffAccounts.id, staffSessions.accountId))
    .where(and(eq(staffSessions.tokenHash, tokenHash(token)), gt(staffSessions.expiresAt, sql`now()`)));
  return row && !row.account.disabled ? row : undefined;
}

export async function closeSession(db: Database, token: string): Promise<void> {
  await db.delete(staffSessions).where(eq(staffSessions.tokenHash, tokenHash(token)));
}

/** A new API token for an integration; the clear token is returned once and never stored. */
export async function createApiToken(
  db: Database,
  accountId: string,
  name: string,
): Promise<{ id: string; token: string }> {
  const token = newToken();
  const [row] = await db
    .insert(apiTokens)
    .values({ accountId, name, tokenHash: tokenHash(token) })
    .returning({ id: apiTokens.id });
  if (!row) throw new Error('insert into api_tokens returned no row');
  return { id: row.id, token };
}

export async function findAccountByApiToken(db: Database, token: string): Promise<StaffAccount | undefined> {
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiTokens.tokenHash, tokenHash(token)), isNull(apiTokens.revokedAt)))
    .returning({ accountId: apiTokens.accountId });
  if (!row) return undefined;
  const [account] = await db.select().from(staffAccounts).where(eq(staffAccounts.id, row.accountId));
  return account && !account.disabled ? account : undefined;
}

export async function revokeApiToken(db: Database, id: string): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}
