import { aliasedTable, and, eq, inArray, or } from 'drizzle-orm';
import type { Database } from './database.js';
import { adminUnits } from './schema.js';

const district = aliasedTable(adminUnits, 'district');

/** Every ward that is one of `codes`, or lies in a district or province among them (an account's areas, expanded). */
export async function wardsWithin(db: Database, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const list = [...codes];
  const rows = await db
    .select({ code: adminUnits.code })
    .from(adminUnits)
    .innerJoin(district, eq(district.code, adminUnits.parentCode))
    .where(
      and(
        eq(adminUnits.level, 'ward'),
        or(inArray(adminUnits.code, list), inArray(district.code, list), inArray(district.parentCode, list)),
      ),
    )
    .orderBy(adminUnits.code);
  return rows.map((row) => row.code);
}

/** Names of these units, by code (chart labels). */
export async function unitNames(db: Database, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: adminUnits.code, name: adminUnits.name })
    .from(adminUnits)
    .where(inArray(adminUnits.code, [...codes]));
  return new Map(rows.map((row) => [row.code, row.name]));
}
