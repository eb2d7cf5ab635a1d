import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../paths.js';

// botbuilder was archived by Microsoft at the end of 2025: its imports stay in core/dialogs, so replacing the dialog
// runtime touches one folder. A bot adapter that must import it joins ALLOWED by name.
const ALLOWED = ['core/dialogs/'];
const SOURCE_FOLDERS = ['bots', 'core', 'workers', 'prompts', 'bench', 'test'];
const IMPORT = /(?:from|import)\s*\(?\s*['"](botbuilder[^'"]*)['"]/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the botbuilder boundary', () => {
  it('keeps every import of botbuilder, types included, inside core/dialogs', () => {
    const outside = SOURCE_FOLDERS.flatMap((folder) => sourceFiles(join(projectRoot, folder)))
      .map((path) => relative(projectRoot, path))
      .filter((path) => !ALLOWED.some((allowed) => path.startsWith(allowed)))
      .flatMap((path) =>
        [...readFileSync(join(projectRoot, path), 'utf8').matchAll(IMPORT)].map((match) => `${path}: ${match[1]}`),
      );
    expect(outside).toEqual([]);
  });
});
