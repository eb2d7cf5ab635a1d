import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/env.js';
import { passwordProblem } from '../domain/passwords.js';
import { openDatabase } from './database.js';
import { applyMigrations } from './migrations-runner.js';
import { STAFF_ROLES } from './schema.js';
import { createStaffAccount, UsernameTakenError } from './staff-repository.js';

// `npm run staff:create -- --username bs.lan --name "BS Lan" --role admin [--areas 75,731]`: the first admin (or any
// account) from the server's shell. The password is read as one line on stdin (typed, or piped from a secret store),
// never taken as an argument: arguments show up in `ps` and shell history.
const usage = 'usage: npm run staff:create -- --username <u> --name <display name> --role <role> [--areas <codes>]';
try {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'admin' },
      areas: { type: 'string', default: '' },
    },
  });
  const role = STAFF_ROLES.find((known) => known === values.role);
  if (!values.username || !values.name || !role) throw new ConfigError(`${usage}\nroles: ${STAFF_ROLES.join(', ')}`);
  const areas = values.areas
    .split(',')
    .map((code) => code.trim())
    .filter(Boolean);
  if (role !== 'admin' && areas.length === 0) throw new ConfigError('every account but an admin needs --areas');
  const password = await readLine('password: ');
  const problem = passwordProblem(password);
  if (problem) throw new ConfigError(`the password ${problem}`);
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  await applyMigrations(database);
  const account = await createStaffAccount(database.db, {
    username: values.username,
    displayName: values.name,
    password,
    role,
    areas,
  });
  await database.close();
  process.stdout.write(`created ${account.role} account ${account.username} (${account.id})\n`);
} catch (error) {
  const known = error instanceof ConfigError || error instanceof UsernameTakenError;
  process.stderr.write(`${known ? (error as Error).message : String(error)}\n`);
  process.exit(1);
}

async function readLine(prompt: string): Promise<string> {
  const lines = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await lines.question(prompt)).trim();
  } finally {
    lines.close();
  }
}
