import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from './error-handler.js';

// Hashing first gives equal-length buffers, so the comparison time does not reveal the token's length either.
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** A preHandler that admits `Authorization: Bearer <ADMIN_API_TOKEN>` and nothing else (constant-time). */
export function requireAdminToken(token: string | undefined) {
  const expected = token ? digest(token) : undefined;
  return async (request: FastifyRequest): Promise<void> => {
    if (!expected)
      throw new HttpProblem(503, 'api_disabled', 'The staff API is off: set ADMIN_API_TOKEN to enable it.');
    const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      throw new HttpProblem(401, 'unauthorized', 'Send Authorization: Bearer <token>.');
    }
  };
}
