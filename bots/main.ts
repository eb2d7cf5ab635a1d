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
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : String(error instanceof Error ? error.stack : error)}\n`,
  );
  process.exit(1);
}
