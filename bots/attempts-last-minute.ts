import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const WINDOW_MS = 60_000;

// A sliding window, not minute buckets: with buckets, attempts that straddle a minute's end count in two minutes, so twice
// the limit gets through in a few seconds. Attempts past the limit are not stored (returned as limit + 2), so a flood keeps
// the set at limit + 1 entries and the window still slides open a minute after the attempts that filled it.
const SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
local n = redis.call('ZCARD', KEYS[1])
if n > tonumber(ARGV[3]) then return n + 1 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return n + 1`;

/**
 * Counts this attempt among those under `key` in the last minute and returns the count: at most `limit` means allowed,
 * `limit + 1` is the first refusal since the window was last open (to answer it once), more is a later refusal.
 */
export async function countAttemptLastMinute(
  redis: Redis,
  key: string,
  limit: number,
  now = Date.now(),
): Promise<number> {
  return Number(await redis.eval(SCRIPT, 1, key, now, WINDOW_MS, limit, randomUUID()));
}
