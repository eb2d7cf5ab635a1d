import { and, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import { newReceiptCode, RECEIPT_VALIDITY_MS } from '../domain/receipt-code.js';
import type { Database } from './database.js';
import { type Declaration, declarations } from './schema.js';

export type NewDeclaration = Omit<
  typeof declarations.$inferInsert,
  'id' | 'receiptCode' | 'receiptExpiresAt' | 'createdAt'
>;

const CODE_ATTEMPTS = 5;

/** Stores a finished declaration with a fresh receipt code valid 24 h from `now`. */
export async function recordDeclaration(db: Database, input: NewDeclaration, now: Date): Promise<Declaration> {
  for (let attempt = 1; attempt <= CODE_ATTEMPTS; attempt++) {
    // A clash with an earlier code is astronomically rare; skip that code rather than fail the citizen's turn.
    const [row] = await db
      .insert(declarations)
      .values({
        ...input,
        receiptCode: newReceiptCode(),
        receiptExpiresAt: new Date(now.getTime() + RECEIPT_VALIDITY_MS),
        createdAt: now,
      })
      .onConflictDoNothing({ target: declarations.receiptCode })
      .returning();
    if (row) return row;
  }
  throw new Error(`no free receipt code after ${CODE_ATTEMPTS} attempts`);
}

/** The latest declaration about a person, of a kind: what "same as last time" offers again. */
export async function lastDeclarationOf(
  db: Database,
  personId: string,
  kind: Declaration['kind'],
): Promise<Declaration | undefined> {
  const [row] = await db
    .select()
    .from(declarations)
    .where(and(eq(declarations.personId, personId), eq(declarations.kind, kind)))
    .orderBy(desc(declarations.createdAt))
    .limit(1);
  return row;
}

/** The declaration a receipt code belongs to, expired or not (the caller tells which). */
export async function findDeclarationByReceipt(db: Database, code: string): Promise<Declaration | undefined> {
  const [row] = await db.select().from(declarations).where(eq(declarations.receiptCode, code));
  return row;
}

export interface DeclarationFilter {
  wardCode?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  riskLevel?: Declaration['riskLevel'];
  kind?: Declaration['kind'];
}

/** Where the previous page stopped: newest first, ties broken by id. */
export interface DeclarationCursor {
  createdAt: Date;
  id: string;
}

/** A page of declarations, newest first, after the cursor. */
export async function listDeclarations(
  db: Database,
  filter: DeclarationFilter,
  limit: number,
  after?: DeclarationCursor,
): Promise<Declaration[]> {
  const conditions: (SQL | undefined)[] = [
    filter.wardCode ? eq(declarations.wardCode, filter.wardCode) : undefined,
    filter.from ? gte(declarations.createdAt, filter.from) : undefined,
    filter.to ? lt(declarations.createdAt, filter.to) : undefined,
    filter.riskLevel ? eq(declarations.riskLevel, filter.riskLevel) : undefined,
    filter.kind ? eq(declarations.kind, filter.kind) : undefined,
    // A row comparison, so the (…, created_at, id) indexes serve a deep page as well as the first.
    after ? sql`(${declarations.createdAt}, ${declarations.id}) < (${after.createdAt}, ${after.id})` : undefined,
  ];
  return db
    .select()
    .from(declarations)
    .where(and(...conditions))
    .orderBy(desc(declarations.createdAt), desc(declarations.id))
    .limit(limit);
}
