import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Walk up to package.json so assets (migrations, locales) resolve the same from sources (tsx) and from dist/ (tsc).
function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

/** Absolute path of the project root (the folder holding package.json). */
export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const migrationsFolder = join(projectRoot, 'core', 'db', 'migrations');
export const localesFolder = join(projectRoot, 'locales');
/** The bundled sample of administrative units (one whole province), loaded into an empty database for demos. */
export const sampleAreasFile = join(projectRoot, 'core', 'areas', 'dong-nai.csv');
