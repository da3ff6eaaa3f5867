import { cardCheckRequestSchema, cardCheckResponseSchema, memberCardSchema } from '@gonghui/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { adminOf, memberOf } from '../../platform/auth.js';
import { metaOf } from '../../platform/http.js';
import * as cards from './cards.service.js';

export function cardsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/me/card', {
      config: { auth: 'member' },
      schema: { tags: ['me'], summary: 'My electronic membership card; the QR token changes every minute', response: { 200: memberCardSchema } },
    }, async (request, reply) => reply.header('cache-control', 'no-store').send(await cards.ownCard(ctx, memberOf(request).accountId)));

    app.post('/api/v1/admin/cards/check', {
      config: { permission: 'card.verify' },
      schema: { tags: ['admin: members'], summary: "Check a member's card: the scanned token, or card number + the 8-digit code", body: cardCheckRequestSchema, response: { 200: cardCheckResponseSchema } },
    }, async (request) => cards.checkCard(ctx, { actor: adminOf(request), input: request.body, meta: metaOf(request) }));
  };
}
