import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { startTestService } from './support/test-service.js';

// botbuilder is ~30 MB of a worker's resident memory (bench/blast: 254-263 → 223-230 MB), and a campaign or outbound
// worker runs no turns. Each test file runs in a process of its own (vitest's forks pool), so what is loaded here is
// what these services loaded.
const loadedDialogRuntime = () =>
  Object.keys(createRequire(import.meta.url).cache).filter((path) => path.includes('/node_modules/botbuilder'));

describe('the dialog runtime in worker processes', () => {
  it('is not loaded by a process that runs no turns, and is by one that does', async () => {
    const campaigns = await startTestService({ WORKERS: 'campaigns,outbound' });
    try {
      expect(loadedDialogRuntime()).toEqual([]);
    } finally {
      await campaigns.stop();
    }
    const turns = await startTestService({ WORKERS: 'inbound' });
    try {
      expect(loadedDialogRuntime().length).toBeGreaterThan(0);
    } finally {
      await turns.stop();
    }
  });
});
