import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { serviceSecrets } from './schema.js';

/**
 * A secret the service keeps for itself: made at random on first use and stored, so every process and every restart
 * signs with the same key (printed posters must keep working). Two processes racing both read the winner's value.
 */
export async function serviceSecret(db: Database, name: string): Promise<string> {
  await db
    .insert(serviceSecrets)
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db.select().from(serviceSecrets).where(eq(serviceSecrets.name, name));
  if (!row) throw new Error(`service secret ${name} vanished after insert`);
  return row.value;
}
