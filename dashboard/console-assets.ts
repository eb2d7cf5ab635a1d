import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { projectRoot } from '../core/paths.js';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface ConsoleAsset {
  type: string;
  body: Buffer;
  etag: string;
}

export const assetsFolder = join(projectRoot, 'dashboard', 'assets');

/**
 * Every file of dashboard/assets/ with a known type, read once at start. Requests are answered from this map by
 * exact name, so nothing outside the folder (or added to it later, or of another type) can ever be served.
 */
export function loadConsoleAssets(folder = assetsFolder): ReadonlyMap<string, ConsoleAsset> {
  const assets = new Map<string, ConsoleAsset>();
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const type = CONTENT_TYPES[extname(entry.name)];
    if (!entry.isFile() || entry.name.startsWith('.') || !type) continue;
    const body = readFileSync(join(folder, entry.name));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    assets.set(entry.name, { type, body, etag });
  }
  return assets;
}
