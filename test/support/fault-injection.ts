import { sql } from 'drizzle-orm';
import type { Database } from '../../core/db/database.js';

/**
 * Makes PostgreSQL fail the statements that store an outbound message as sent (an insert or an update of
 * `messages`), the first `times` rows it meets, with this SQLSTATE: 57014 as a statement timeout does (the database
 * failed), 23514 as a row it refuses does. A real trigger, so the service's own statements meet it; its count is a
 * sequence, which a rolled-back statement does not undo. Returns what removes it.
 */
export async function failSentRecords(
  db: Database,
  name: string,
  fault: { times: number; sqlState: '57014' | '23514' },
): Promise<() => Promise<void>> {
  await db.execute(sql.raw(`create sequence ${name}_seq`));
  await db.execute(
    sql.raw(`create function ${name}() returns trigger language plpgsql as $$
      begin
        if nextval('${name}_seq') <= ${fault.times} then
          raise exception 'injected failure of a sent record' using errcode = '${fault.sqlState}';
        end if;
        return new;
      end $$`),
  );
  await db.execute(
    sql.raw(`create trigger ${name} before insert or update on messages for each row
             when (new.direction = 'outbound' and new.status = 'sent') execute function ${name}()`),
  );
  return async () => {
    await db.execute(sql.raw(`drop trigger ${name} on messages`));
    await db.execute(sql.raw(`drop function ${name}()`));
    await db.execute(sql.raw(`drop sequence ${name}_seq`));
  };
}
