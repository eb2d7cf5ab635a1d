import { randomFillSync } from 'node:crypto';
import { sql } from 'drizzle-orm';

const pool = Buffer.alloc(16 * 1024);
let offset = pool.length;
// The text is written as ASCII into one scratch buffer and read out as one string: hex-encoding the bytes and slicing
// the dashes in made seven strings an id, and the fan-out makes three ids a person (bench/blast: a seventh of the
// worker's allocations).
const text = Buffer.alloc(36, '-');
const HEX = Buffer.from('0123456789abcdef');
// Where each of the 16 bytes goes in "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx".
const POSITIONS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

/**
 * A UUID version 7 (RFC 9562): the time in milliseconds first, then 74 random bits. Rows a fan-out makes by the
 * million get ids that grow with time, so their primary-key and foreign-key indexes are appended to instead of
 * written all over (random v4 ids touch a different index page per row once the index outgrows memory).
 */
export function orderedUuid(now = Date.now()): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + 16);
  offset += 16;
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  for (let i = 0; i < 16; i++) {
    const byte = bytes[i] ?? 0;
    const at = POSITIONS[i] ?? 0;
    text[at] = HEX[byte >> 4] ?? 0;
    text[at + 1] = HEX[byte & 0x0f] ?? 0;
  }
  return text.toString('latin1', 0, 36);
}

/** The same, made by PostgreSQL (which has no uuidv7() before version 18), for rows inserted by a SELECT. */
export const orderedUuidSql = sql`encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
  substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1),
  'hex')::uuid`;
