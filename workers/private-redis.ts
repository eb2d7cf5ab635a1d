import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

const HOST = '127.0.0.1';
const PING_RETRY_MS = 50;
const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;
const PORT_ATTEMPTS = 3;
// A redis-server that exits on its own is started again after this, doubling on each failed try up to the most.
const RESTART_FIRST_MS = 200;
const RESTART_MAX_MS = 30_000;
const TAIL_CHARS = 4_096;
const TAIL_LINES = 15;

export interface PrivateRedis {
  readonly url: string;
  stop(): Promise<void>;
}

type StartLogger = Pick<Logger, 'info' | 'warn'>;

/** No redis-server binary on PATH; the one-line message tells the operator both ways out. */
export class RedisServerMissingError extends Error {
  readonly code = 'REDIS_SERVER_MISSING';

  constructor(readonly binary: string) {
    super(
      `${binary} was not found on PATH: install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL to an existing Redis`,
    );
    this.name = 'RedisServerMissingError';
  }
}

/** redis-server was found but did not come up: it exited early or never answered PING. */
export class RedisServerStartError extends Error {
  readonly code = 'REDIS_SERVER_START_FAILED';

  constructor(
    message: string,
    readonly port: number,
    readonly output: readonly string[],
  ) {
    super(output.length > 0 ? `${message}; last output:\n${output.join('\n')}` : message);
    this.name = 'RedisServerStartError';
  }

  /** Another process bound the port between our probe and redis-server's own bind. */
  get portTaken(): boolean {
    return this.output.some((line) => /address already in use/i.test(line));
  }
}

/** Starts redis-server on a free loopback port with its data under dataDir; resolves once it answers PING. */
export async function startPrivateRedis(options: {
  dataDir: string;
  logger: StartLogger;
  /** The PATH to look the binary up in (from the validated config). */
  searchPath: string;
  binary?: string;
}): Promise<PrivateRedis> {
  const binary = options.binary ?? 'redis-server';
  const executable = await findOnPath(binary, options.searchPath);
  if (executable === undefined) throw new RedisServerMissingError(binary);

  const dir = path.resolve(options.dataDir, 'redis');
  await mkdir(dir, { recursive: true });

  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort();
    try {
      return await launch(executable, dir, port, options.logger);
    } catch (error) {
      if (!(error instanceof RedisServerStartError && error.portTaken) || attempt >= PORT_ATTEMPTS) throw error;
      options.logger.warn({ port }, 'port taken before redis-server could bind it; trying a fresh one');
    }
  }
}

/**
 * Runs redis-server on `port` and keeps it running: one that exits without being told to (killed, out of memory) is
 * started again on the same port and data dir, so the service's connections, which retry that address, find it again
 * with the queues its AOF kept. Without this the service went on with every queue refusing until someone restarted it.
 */
async function launch(executable: string, dir: string, port: number, logger: StartLogger): Promise<PrivateRedis> {
  let current = await spawnServer(executable, dir, port, logger);
  let stopping: Promise<void> | undefined;
  let restarting: Promise<void> | undefined;
  const giveUp = new AbortController();

  const restart = async (): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      await sleep(Math.min(RESTART_FIRST_MS * 2 ** (attempt - 1), RESTART_MAX_MS), undefined, {
        signal: giveUp.signal,
      }).catch(() => undefined);
      if (giveUp.signal.aborted) return;
      try {
        current = await spawnServer(executable, dir, port, logger);
        watch();
        logger.warn({ port, pid: current.child.pid, attempt }, 'private redis-server started again');
        return;
      } catch (error) {
        logger.warn({ err: error, port, attempt }, 'private redis-server did not start again; trying later');
      }
    }
  };
  const watch = (): void => {
    const { child, tail } = current;
    child.once('exit', (code, signal) => {
      if (stopping !== undefined) return;
      logger.warn(
        { port, code, signal, output: tail.lines() },
        'private redis-server exited unexpectedly; starting it again on its port',
      );
      restarting = restart();
    });
  };
  watch();

  return {
    url: `redis://${HOST}:${port}`,
    stop() {
      stopping ??= (async () => {
        giveUp.abort();
        await restarting;
        await terminate(current.child, port, logger);
      })();
      return stopping;
    },
  };
}

/** Starts redis-server on `port` and resolves once it answers PING; it is stopped with the process. */
async function spawnServer(
  executable: string,
  dir: string,
  port: number,
  logger: StartLogger,
): Promise<{ child: ChildProcess; tail: OutputTail }> {
  const args = [
    ...['--port', String(port), '--bind', HOST, '--dir', dir],
    // AOF keeps queued jobs across restarts; RDB snapshots would only duplicate it.
    ...['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''],
    // BullMQ breaks if Redis evicts its keys.
    ...['--maxmemory-policy', 'noeviction', '--daemonize', 'no', '--protected-mode', 'yes'],
  ];
  const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = new OutputTail();
  tail.follow(child.stdout);
  tail.follow(child.stderr);

  let spawnError: Error | undefined;
  child.on('error', (error) => {
    spawnError = error;
  });

  // Without this a crashed or process.exit()ed parent would leave redis-server holding the data dir.
  // SIGTERM, not SIGKILL: redis-server fsyncs the AOF on its way out even after we are gone.
  const killOnParentExit = (): void => {
    child.kill('SIGTERM');
  };
  process.once('exit', killOnParentExit);
  child.once('exit', () => {
    process.off('exit', killOnParentExit);
  });

  const failure = (): RedisServerStartError | undefined => {
    if (spawnError !== undefined) {
      return new RedisServerStartError(`could not run ${executable}: ${spawnError.message}`, port, tail.lines());
    }
    if (hasExited(child)) {
      const how = child.signalCode !== null ? `signal ${child.signalCode}` : `code ${child.exitCode}`;
      return new RedisServerStartError(`redis-server exited with ${how} before answering PING`, port, tail.lines());
    }
    return undefined;
  };

  try {
    await waitForPing(port, failure, tail);
  } catch (error) {
    process.off('exit', killOnParentExit);
    if (child.pid !== undefined && !hasExited(child)) {
      child.kill('SIGKILL');
      await waitForExit(child, STOP_GRACE_MS);
    }
    throw error;
  }
  logger.info({ port, dir, pid: child.pid }, 'private redis-server started');
  return { child, tail };
}

async function waitForPing(
  port: number,
  failure: () => RedisServerStartError | undefined,
  tail: OutputTail,
): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const failed = failure();
    if (failed !== undefined) throw failed;
    if (await answersPing(port)) return;
    if (Date.now() >= deadline) {
      throw new RedisServerStartError(
        `redis-server did not answer PING on ${HOST}:${port} within ${READY_TIMEOUT_MS / 1000} s`,
        port,
        tail.lines(),
      );
    }
    await sleep(PING_RETRY_MS);
  }
}

async function answersPing(port: number): Promise<boolean> {
  // One short-lived client per attempt: no reconnect loop, no queued commands, bounded waits.
  // The ready check is off so that a server still loading its AOF shows up as a LOADING reply to PING.
  const client = new Redis({
    host: HOST,
    port,
    lazyConnect: true,
    enableReadyCheck: false,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    commandTimeout: 1_000,
  });
  client.on('error', () => {
    // Refused connections are expected until redis-server listens; the caller retries.
  });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function terminate(child: ChildProcess, port: number, logger: StartLogger): Promise<void> {
  if (child.pid === undefined || hasExited(child)) return;
  child.kill('SIGTERM');
  if (!(await waitForExit(child, STOP_GRACE_MS))) {
    logger.warn(
      { port, pid: child.pid },
      `private redis-server still running ${STOP_GRACE_MS / 1000} s after SIGTERM; killing it`,
    );
    child.kill('SIGKILL');
    await waitForExit(child, STOP_GRACE_MS);
  }
  logger.info({ port }, 'private redis-server stopped');
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    child.once('exit', onExit);
  });
}

/** Looks the binary up the way execvp would, without a shell; a name with a slash is taken as a path. */
async function findOnPath(binary: string, searchPath: string): Promise<string | undefined> {
  const candidates = binary.includes('/')
    ? [path.resolve(binary)]
    : searchPath
        .split(path.delimiter)
        .filter((dir) => dir !== '')
        .map((dir) => path.join(dir, binary));
  for (const candidate of candidates) {
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The OS picks a free port for a throwaway listener; redis-server binds it right after we close. */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port of a probe listener'));
      });
    });
  });
}

/** Keeps the last few KB of the child's stdout and stderr; the pipes must be drained anyway or redis-server blocks. */
class OutputTail {
  private text = '';

  follow(stream: Readable | null): void {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      this.text = (this.text + chunk).slice(-TAIL_CHARS);
    });
  }

  lines(): string[] {
    return this.text
      .split('\n')
      .map((line) => line.trimEnd())
      .filter((line) => line !== '')
      .slice(-TAIL_LINES);
  }
}
