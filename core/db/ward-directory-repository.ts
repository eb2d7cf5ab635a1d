import { aliasedTable, asc, eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { inWards, type WardScope } from './monitoring-board-repository.js';
import { adminUnits } from './schema.js';

const district = aliasedTable(adminUnits, 'district');

/** A ward as a picker lists it: its code and name under its district's. */
export interface WardEntry {
  code: string;
  name: string;
  districtCode: string;
  districtName: string;
}

/** The wards of a scope (every ward when undefined) with their district, by district then ward name. */
export async function wardDirectory(db: Database, wards: WardScope): Promise<WardEntry[]> {
  if (wards?.length === 0) return [];
  return db
    .select({
      code: adminUnits.code,
      name: adminUnits.name,
      districtCode: district.code,
      districtName: district.name,
    })
    .from(adminUnits)
    .innerJoin(district, eq(district.code, adminUnits.parentCode))
    .where(inWards(adminUnits.code, wards))
    .orderBy(asc(district.code), asc(adminUnits.name));
}
