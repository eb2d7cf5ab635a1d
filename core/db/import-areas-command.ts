import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config/env.js';
import { parseAreaCsv } from '../domain/area-csv.js';
import { importAdminUnits } from './admin-units-repository.js';
import { openDatabase } from './database.js';
import { applyMigrations } from './migrations-runner.js';

// `npm run import:areas -- file.csv`: loads a province's (or the country's) administrative units. All or nothing:
// a file with a bad row imports nothing and says which lines to fix.
const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npm run import:areas -- <file.csv>\n');
  process.exit(2);
}
try {
  const parsed = parseAreaCsv(readFileSync(file, 'utf8'));
  if (parsed.errors.length > 0 || parsed.rows.length === 0) {
    const errors = parsed.errors.length > 0 ? parsed.errors : ['the file has no rows'];
    process.stderr.write(`nothing imported; fix these first:\n${errors.slice(0, 50).join('\n')}\n`);
    process.exit(1);
  }
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  await applyMigrations(database);
  const imported = await importAdminUnits(database.db, parsed.rows);
  await database.close();
  process.stdout.write(
    `imported ${imported.provinces} province(s), ${imported.districts} district(s), ${imported.wards} ward(s)\n`,
  );
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
