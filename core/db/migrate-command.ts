import { ConfigError, loadConfig } from '../config/env.js';
import { openDatabase } from './database.js';
import { applyMigrations } from './migrations-runner.js';

// `npm run migrate`: applies the committed migrations to DATABASE_URL (or the embedded PGlite under DATA_DIR).
try {
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  await applyMigrations(database);
  await database.close();
  process.stdout.write(`migrations applied (${database.kind})\n`);
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
