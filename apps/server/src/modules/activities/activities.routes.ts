import {
  activityInputSchema,
  activityLiveSchema,
  activityPageSchema,
  activitySchema,
  adminActivityQuerySchema,
  adminTicketPageSchema,
  checkInRequestSchema,
  checkInResponseSchema,
  grabRequestSchema,
  idParamSchema,
  pageQuerySchema,
  ticketPageSchema,
  ticketSchema,
} from '@gonghui/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { adminOf, memberOf } from '../../platform/auth.js';
import { AppError } from '../../platform/errors.js';
import { langOf, metaOf } from '../../platform/http.js';
import * as activities from './activities.service.js';
import { presentTicket } from './grab.service.js';

const grabHeaders = z.object({
  'idempotency-key': z.string().trim().min(8).max(100).optional().describe('Required: the same key on a retry gets the same answer'),
});

export function activitiesRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['activities'];
    app.get('/api/v1/activities', {
      config: { auth: 'member' },
      schema: { tags, summary: 'Published activities open to me, with whether I may take part', querystring: pageQuerySchema, response: { 200: activityPageSchema } },
    }, async (request) => activities.memberList(ctx, { accountId: memberOf(request).accountId, ...request.query, lang: langOf(request) }));

    app.get('/api/v1/activities/:id', {
      config: { auth: 'member' },
      schema: { tags, summary: 'One activity: sessions, places left, my eligibility, the server clock for the countdown', params: idParamSchema, response: { 200: activitySchema } },
    }, async (request) => activities.memberDetail(ctx, { accountId: memberOf(request).accountId, id: request.params.id, lang: langOf(request) }));

    app.post('/api/v1/activities/:id/grab', {
      config: { auth: 'member' },
      schema: {
        tags,
        summary: 'Grab a place (first come first served). 201 with the ticket; 409 SOLD_OUT / NOT_OPEN / LIMIT_REACHED, 403 NOT_ELIGIBLE, 429 RATE_LIMITED',
        params: idParamSchema,
        headers: grabHeaders,
        body: grabRequestSchema,
        response: { 201: ticketSchema },
      },
    }, async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (!key) throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
      if (!/^\d{1,18}$/.test(request.params.id)) throw new AppError('ACTIVITY_NOT_FOUND');
      const ticket = await ctx.grab.grab({ accountId: memberOf(request).accountId, activityId: Number(request.params.id), sessionId: Number(request.body.sessionId), idempotencyKey: key });
      return reply.status(201).send(presentTicket(ticket));
    });

    app.get('/api/v1/me/tickets', {
      config: { auth: 'member' },
      schema: { tags: ['me'], summary: 'My tickets, newest first', querystring: pageQuerySchema, response: { 200: ticketPageSchema } },
    }, async (request) => activities.myTickets(ctx, { accountId: memberOf(request).accountId, ...request.query }));

    app.post('/api/v1/me/tickets/:id/cancel', {
      config: { auth: 'member' },
      schema: { tags: ['me'], summary: 'Cancel my ticket: the place goes back to the pool', params: idParamSchema, response: { 200: ticketSchema } },
    }, async (request) => activities.cancelTicket(ctx, { accountId: memberOf(request).accountId, id: request.params.id, meta: metaOf(request) }));

    const admin = ['admin: activities'];
    app.get('/api/v1/admin/activities', {
      config: { permission: 'activity.read' },
      schema: { tags: admin, summary: 'Activities of the scope', querystring: adminActivityQuerySchema, response: { 200: activityPageSchema } },
    }, async (request) => activities.adminList(ctx, { actor: adminOf(request), query: request.query }));

    app.post('/api/v1/admin/activities', {
      config: { permission: 'activity.write' },
      schema: { tags: admin, summary: 'Create a draft activity for an organization of the scope', body: activityInputSchema, response: { 201: activitySchema } },
    }, async (request, reply) => reply.status(201).send(await activities.createActivity(ctx, { actor: adminOf(request), input: request.body, meta: metaOf(request) })));

    app.get('/api/v1/admin/activities/:id', {
      config: { permission: 'activity.read' },
      schema: { tags: admin, summary: 'One activity of the scope', params: idParamSchema, response: { 200: activitySchema } },
    }, async (request) => activities.adminDetail(ctx, { actor: adminOf(request), id: request.params.id }));

    app.patch('/api/v1/admin/activities/:id', {
      config: { permission: 'activity.write' },
      schema: { tags: admin, summary: 'Edit a draft', params: idParamSchema, body: activityInputSchema, response: { 200: activitySchema } },
    }, async (request) => activities.updateActivity(ctx, { actor: adminOf(request), id: request.params.id, input: request.body, meta: metaOf(request) }));

    app.post('/api/v1/admin/activities/:id/publish', {
      config: { permission: 'activity.write' },
      schema: { tags: admin, summary: 'Publish (a lottery publishes the commitment to its seed now)', params: idParamSchema, response: { 200: activitySchema } },
    }, async (request) => activities.publishActivity(ctx, { actor: adminOf(request), id: request.params.id, meta: metaOf(request) }));

    app.post('/api/v1/admin/activities/:id/cancel', {
      config: { permission: 'activity.write' },
      schema: { tags: admin, summary: 'Cancel the activity', params: idParamSchema, response: { 200: activitySchema } },
    }, async (request) => activities.cancelActivity(ctx, { actor: adminOf(request), id: request.params.id, meta: metaOf(request) }));

    app.get('/api/v1/admin/activities/:id/live', {
      config: { permission: 'activity.read' },
      schema: { tags: admin, summary: 'The live view: places left, allocations, requests per second, refusals', params: idParamSchema, response: { 200: activityLiveSchema } },
    }, async (request) => activities.live(ctx, { actor: adminOf(request), id: request.params.id }));

    app.get('/api/v1/admin/activities/:id/tickets', {
      config: { permission: 'activity.read' },
      schema: { tags: admin, summary: 'Allocations of the activity (masked)', params: idParamSchema, querystring: pageQuerySchema, response: { 200: adminTicketPageSchema } },
    }, async (request) => activities.adminTickets(ctx, { actor: adminOf(request), id: request.params.id, ...request.query }));

    app.post('/api/v1/admin/tickets/check-in', {
      config: { permission: 'ticket.check_in' },
      schema: { tags: admin, summary: 'Check a ticket in at the door (once)', body: checkInRequestSchema, response: { 200: checkInResponseSchema } },
    }, async (request) => activities.checkIn(ctx, { actor: adminOf(request), code: request.body.code, meta: metaOf(request) }));
  };
}
