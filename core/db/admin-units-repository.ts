import { readFileSync } from 'node:fs';
import { aliasedTable, count, eq, sql } from 'drizzle-orm';
import { type AreaRow, parseAreaCsv } from '../domain/area-csv.js';
import { indexWards, searchWards as rankWards, type SearchableWard } from '../domain/area-search.js';
import { sampleAreasFile } from '../paths.js';
import type { Database } from './database.js';
import { type AdminUnit, adminUnits } from './schema.js';

export interface ImportedAreas {
  provinces: number;
  districts: number;
  wards: number;
}

const BATCH = 500;

/** Stores (or renames) every province, district and ward of the rows, in one transaction. */
export async function importAdminUnits(db: Database, rows: readonly AreaRow[]): Promise<ImportedAreas> {
  const provinces = new Map(rows.map((row) => [row.provinceCode, { name: row.provinceName, parentCode: null }]));
  const districts = new Map(
    rows.map((row) => [row.districtCode, { name: row.districtName, parentCode: row.provinceCode }]),
  );
  const wards = new Map(rows.map((row) => [row.wardCode, { name: row.wardName, parentCode: row.districtCode }]));
  await db.transaction(async (tx) => {
    // Parents first, so every foreign key finds its row.
    for (const [level, units] of [
      ['province', provinces],
      ['district', districts],
      ['ward', wards],
    ] as const) {
      const values = [...units].map(([code, unit]) => ({ code, level, ...unit }));
      for (let start = 0; start < values.length; start += BATCH) {
        await tx
          .insert(adminUnits)
          .values(values.slice(start, start + BATCH))
          .onConflictDoUpdate({
            target: adminUnits.code,
            set: {
              name: sql`excluded.name`,
              parentCode: sql`excluded.parent_code`,
              level: sql`excluded.level`,
              updatedAt: sql`now()`,
            },
          });
      }
    }
  });
  return { provinces: provinces.size, districts: districts.size, wards: wards.size };
}

/** Loads the bundled sample province into a database that has no administrative units yet (demos, fresh laptops). */
export async function seedSampleAreas(db: Database): Promise<ImportedAreas | undefined> {
  const [row] = await db.select({ n: count() }).from(adminUnits);
  if ((row?.n ?? 0) > 0) return undefined;
  const sample = parseAreaCsv(readFileSync(sampleAreasFile, 'utf8'));
  if (sample.errors.length > 0) throw new Error(`the bundled areas sample is broken: ${sample.errors.join('; ')}`);
  return importAdminUnits(db, sample.rows);
}

export async function findAdminUnit(db: Database, code: string): Promise<AdminUnit | undefined> {
  const [row] = await db.select().from(adminUnits).where(eq(adminUnits.code, code));
  return row;
}

const district = aliasedTable(adminUnits, 'district');
const province = aliasedTable(adminUnits, 'province');

/** Every ward with its district's and province's names. */
async function allWards(db: Database, where = eq(adminUnits.level, 'ward')): Promise<SearchableWard[]> {
  return db
    .select({
      code: adminUnits.code,
      name: adminUnits.name,
      districtName: district.name,
      provinceName: province.name,
    })
    .from(adminUnits)
    .innerJoin(district, eq(district.code, adminUnits.parentCode))
    .innerJoin(province, eq(province.code, district.parentCode))
    .where(where);
}

/**
 * The wards a citizen most likely means (see core/domain/area-search.ts). Ranks the whole list in memory: a whole
 * country is about 10,600 wards, read in a few milliseconds, and fuzzy matching needs them all anyway.
 */
export async function searchWards(db: Database, query: string, limit: number): Promise<SearchableWard[]> {
  return rankWards(indexWards(await allWards(db)), query, limit);
}

/** A ward with its district and province, or undefined when the code is not a ward. */
export async function findWard(db: Database, code: string): Promise<SearchableWard | undefined> {
  const [ward] = await allWards(db, sql`${adminUnits.level} = 'ward' and ${adminUnits.code} = ${code}`);
  return ward;
}
