import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/database.js';
import { findIdentityByExternalId } from '../../core/db/identities-repository.js';
import { listStaffSubscriptions, subscribeStaff, unsubscribeStaff } from '../../core/db/ward-staff-repository.js';
import { normalizeVietnamesePhone } from '../../core/text/phone.js';
import { HttpProblem } from './error-handler.js';
import { requireKnownWard, scopedWard } from './known-ward.js';

const wardCode = z.string().regex(/^\d{5}$/, 'a 5-digit ward code');
const name = z.string().trim().min(1).max(100);
const subscribeBody = z.union([
  z.strictObject({ wardCode, name, phone: z.string().max(40) }),
  // A chat identity: the worker messaged the bot once, staff copy their Zalo / Telegram id from the people API.
  z.strictObject({
    wardCode,
    name,
    channel: z.enum(['zalo', 'telegram', 'sms']),
    externalId: z.string().min(1).max(100),
  }),
]);

/** Who is told at once about high-risk declarations and monitoring alerts in a ward. */
export function wardStaffRoutes(deps: { db: Database }): FastifyPluginAsyncZod {
  const { db } = deps;
  const tags = ['ward staff'];
  const security = [{ bearer: [] }];
  return async (app) => {
    app.post(
      '/ward-staff',
      {
        schema: {
          summary: 'Subscribe a health worker (phone or chat identity) to a ward',
          tags,
          security,
          body: subscribeBody,
        },
      },
      async (request, reply) => {
        const body = request.body;
        await requireKnownWard(db, body.wardCode, request);
        if ('phone' in body) {
          const phone = normalizeVietnamesePhone(body.phone);
          if (!phone) throw new HttpProblem(400, 'invalid_phone', 'Not a Vietnamese mobile number.');
          const subscription = await subscribeStaff(db, { wardCode: body.wardCode, name: body.name, phone });
          return reply.status(201).send({ subscription });
        }
        const found = await findIdentityByExternalId(db, body.channel, body.externalId);
        if (!found) {
          throw new HttpProblem(
            404,
            'unknown_identity',
            'Nobody with this id has messaged the bot on that channel yet.',
          );
        }
        const subscription = await subscribeStaff(db, {
          wardCode: body.wardCode,
          name: body.name,
          personId: found.person.id,
        });
        return reply.status(201).send({ subscription });
      },
    );

    app.get(
      '/ward-staff',
      {
        schema: {
          summary: 'Subscriptions, optionally of one ward',
          tags,
          security,
          querystring: z.strictObject({ ward: wardCode.optional() }),
        },
      },
      async (request) => ({
        subscriptions: await listStaffSubscriptions(db, await scopedWard(db, request, request.query.ward)),
      }),
    );

    app.delete(
      '/ward-staff/:id',
      { schema: { summary: 'Unsubscribe', tags, security, params: z.strictObject({ id: z.uuid() }) } },
      async (request, reply) => {
        if (!(await unsubscribeStaff(db, request.params.id))) {
          throw new HttpProblem(404, 'not_found', 'No subscription with this id.');
        }
        return reply.status(204).send();
      },
    );
  };
}
