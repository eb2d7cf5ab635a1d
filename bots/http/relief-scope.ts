import { z } from 'zod';
import type { ReliefRequest } from '../../core/db/schema.js';

/**
 * Every staff relief route lives under /relief/wards/:ward and reads only that ward's rows (an id of another ward is
 * a 404), so a per-ward permission check is one hook on that prefix when staff accounts exist.
 */
export const WARD_PREFIX = '/relief/wards/:ward';

/** The official 5-digit code of a ward (text: leading zeros matter). */
export const wardCode = z.string().regex(/^\d{5}$/, 'a ward is its 5-digit official code');
export const wardParams = z.strictObject({ ward: wardCode });

/** Tells the requester of a request its new state (on their channel, in their language). */
export type RequesterNotice = (request: ReliefRequest) => Promise<void>;
