import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';

/** node's arguments in package.json's `start:prod` (flags and entry), so a bench runs exactly what production runs. */
function productionArgs(): string[] {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
  const [command, ...args] = (manifest.scripts['start:prod'] ?? '').split(/\s+/);
  if (command !== 'node' || args.length === 0) throw new Error('start:prod must be "node [flags] <entry>"');
  return args;
}

export interface ChildService {
  url: string;
  process: ChildProcess;
  output(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs `npm start`'s command as a real child process (the embedded default unless env says otherwise), or with
 * `compiled` the production build's (`npm run build`, then `npm run start:prod`); `nodeArgs` go before the entry.
 */
export async function startChildService(
  env: Record<string, string>,
  options: { compiled?: boolean; nodeArgs?: readonly string[] } = {},
): Promise<ChildService> {
  const port = await freePort();
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  const entry = [
    ...(options.nodeArgs ?? []),
    ...(options.compiled ? productionArgs() : ['--import', 'tsx', 'bots/main.ts']),
  ];
  const child = spawn(process.execPath, entry, {
    env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (child.exitCode !== null) throw new Error(`service exited early:\n${output}`);
    if (waited > 90_000) throw new Error(`service not ready after 90 s:\n${output}`);
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) break;
    await sleep(100);
  }
  return {
    url,
    process: child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}
