import { ConfigError, loadConfig } from '../core/config/env.js';
import { startService } from './service.js';

// The service's entry: `npm start`. Fails fast on a bad environment, stops gracefully on SIGTERM/SIGINT.
try {
  const service = await startService(loadConfig());
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    service.logger.info({ signal }, 'stopping: finishing in-flight turns');
    await service.close();
    service.logger.info('stopped');
    process.exit(0);
  };
  // `on`, not `once`: a second signal during shutdown must not kill the process half-way through closing.
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : String(error instanceof Error ? error.stack : error)}\n`,
  );
  process.exit(1);
}
