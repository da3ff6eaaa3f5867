import {
  adminEntryPageSchema,
  adminEntryQuerySchema,
  COVER_MAX_BYTES,
  entryRequestSchema,
  grabWaitingSchema,
  lotteryEntryPageSchema,
  lotteryEntrySchema,
  powChallengeSchema,
  publicDrawSchema,
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
import { uploadedImage } from '../../platform/uploads.js';
import * as activities from './activities.service.js';
import * as entriesService from './entries.service.js';
import { GrabWaitingAnswer, presentTicket } from './grab.service.js';

const coverQuery = z.object({ v: z.string().max(20).optional() });
const grabHeaders = z.object({
  'idempotency-key': z.string().trim().min(8).max(100).optional().describe('Required: the same key on a retry gets the same answer'),
});

const numericId = (id: string): number => {
  if (!/^\d{1,18}$/.test(id)) throw new AppError('ACTIVITY_NOT_FOUND');
  return Number(id);
};

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
        summary: 'Grab a place (first come first served). 201 with the ticket; 202 in the waiting room before the opening (retry with the same key); 409 SOLD_OUT / NOT_OPEN / LIMIT_REACHED, 403 NOT_ELIGIBLE / POW_REQUIRED / POW_INVALID, 429 RATE_LIMITED',
        params: idParamSchema,
        headers: grabHeaders,
        body: grabRequestSchema,
        response: { 201: ticketSchema, 202: grabWaitingSchema },
      },
    }, async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (!key) throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
      const answer = await ctx.grab.grab({ accountId: memberOf(request).accountId, activityId: numericId(request.params.id), sessionId: Number(request.body.sessionId), idempotencyKey: key, pow: request.body.pow });
      if (answer instanceof GrabWaitingAnswer) return reply.status(202).send(answer.body);
      return reply.status(201).send(presentTicket(answer));
    });

    app.get('/api/v1/activities/:id/challenge', {
      config: { auth: 'member' },
      schema: { tags, summary: 'A proof-of-work challenge for one grab (activities with powDifficulty > 0), good for 5 minutes', params: idParamSchema, response: { 200: powChallengeSchema } },
    }, async (request) => {
      const snap = await ctx.grab.snapshot(numericId(request.params.id));
      return ctx.grab.challenge(memberOf(request).accountId, snap.activity.id, snap.activity.powDifficulty);
    });

    app.post('/api/v1/activities/:id/entries', {
      config: { auth: 'member' },
      schema: {
        tags,
        summary: "Register for a lottery, or join a sold-out session's waiting list. 201 with the entry; 409 NOT_OPEN / ALREADY_ENTERED / WAITING_LIST_CLOSED / LIMIT_REACHED, 403 NOT_ELIGIBLE",
        params: idParamSchema,
        body: entryRequestSchema,
        response: { 201: lotteryEntrySchema },
      },
    }, async (request, reply) => reply.status(201).send(await entriesService.enterActivity(ctx, { accountId: memberOf(request).accountId, id: request.params.id, sessionId: request.body.sessionId, meta: metaOf(request) })));

    app.get('/api/v1/activities/:id/draw', {
      config: { auth: 'public' },
      schema: { tags, summary: 'Public: the commitment, entrant lists, seed and draw order of a lottery, to recompute it (docs/LOTTERY.md)', params: idParamSchema, response: { 200: publicDrawSchema } },
    }, async (request) => entriesService.publicDraw(ctx, request.params.id));

    app.get('/api/v1/activities/:id/cover', {
      config: { auth: 'public' },
      schema: { tags, summary: "Public: the activity's cover image (JPEG); the URL carries its version, so it is cached for long", params: idParamSchema },
    }, async (request, reply) => {
      const found = await activities.cover(ctx, { id: request.params.id, actor: null });
      return reply.header('content-type', found.contentType).header('cache-control', 'public, max-age=86400').send(found.data);
    });

    app.get('/api/v1/me/entries', {
      config: { auth: 'member' },
      schema: { tags: ['me'], summary: 'My lottery registrations and waiting-list places, newest first', querystring: pageQuerySchema, response: { 200: lotteryEntryPageSchema } },
    }, async (request) => entriesService.myEntries(ctx, { accountId: memberOf(request).accountId, ...request.query }));

    app.post('/api/v1/me/entries/:id/confirm', {
      config: { auth: 'member' },
      schema: { tags: ['me'], summary: 'Confirm a won place: 201 with the ticket; 409 NOT_WON / CONFIRM_EXPIRED', params: idParamSchema, response: { 201: ticketSchema } },
    }, async (request, reply) => reply.status(201).send(presentTicket(await entriesService.confirmEntry(ctx, { accountId: memberOf(request).accountId, id: request.params.id, meta: metaOf(request) }))));

    app.post('/api/v1/me/entries/:id/decline', {
      config: { auth: 'member' },
      schema: { tags: ['me'], summary: 'Decline a won place: it passes to the next in the draw order', params: idParamSchema, response: { 200: lotteryEntrySchema } },
    }, async (request) => entriesService.declineEntry(ctx, { accountId: memberOf(request).accountId, id: request.params.id, meta: metaOf(request) }));

    app.post('/api/v1/me/entries/:id/withdraw', {
      config: { auth: 'member' },
      schema: { tags: ['me'], summary: 'Withdraw a lottery registration before the close, or leave a waiting list', params: idParamSchema, response: { 200: lotteryEntrySchema } },
    }, async (request) => entriesService.withdrawEntry(ctx, { accountId: memberOf(request).accountId, id: request.params.id, meta: metaOf(request) }));

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

    app.post('/api/v1/admin/activities/:id/draw', {
      config: { permission: 'activity.write' },
      schema: { tags: admin, summary: 'Draw a lottery once its registration has closed: reveals the seed; winners are told to confirm. 409 REGISTRATION_OPEN / ALREADY_DRAWN', params: idParamSchema, response: { 200: activitySchema } },
    }, async (request) => {
      await entriesService.drawActivity(ctx, { actor: adminOf(request), id: request.params.id, meta: metaOf(request) });
      return activities.adminDetail(ctx, { actor: adminOf(request), id: request.params.id });
    });

    app.get('/api/v1/admin/activities/:id/entries', {
      config: { permission: 'activity.read' },
      schema: { tags: admin, summary: 'Lottery registrations (in draw order once drawn) or the waiting list (masked)', params: idParamSchema, querystring: adminEntryQuerySchema, response: { 200: adminEntryPageSchema } },
    }, async (request) => entriesService.adminEntries(ctx, { actor: adminOf(request), id: request.params.id, query: request.query }));

    app.get('/api/v1/admin/activities/:id/cover', {
      config: { permission: 'activity.read' },
      schema: { tags: admin, summary: 'The cover image (drafts too); with ?v=<coverVersion> it is cached for a day', params: idParamSchema, querystring: coverQuery },
    }, async (request, reply) => {
      const found = await activities.cover(ctx, { id: request.params.id, actor: adminOf(request) });
      // a versioned URL never changes its picture: the browser may keep it (privately)
      return reply.header('content-type', found.contentType).header('cache-control', request.query.v ? 'private, max-age=86400' : 'private, no-cache').send(found.data);
    });

    app.put('/api/v1/admin/activities/:id/cover', {
      config: { permission: 'activity.write' },
      schema: { tags: admin, summary: 'Set the cover: multipart/form-data with one file field `file` (JPEG, PNG or WebP, at most 5 MB), re-encoded as JPEG without metadata', consumes: ['multipart/form-data'], params: idParamSchema, response: { 200: activitySchema } },
    }, async (request) => activities.setCover(ctx, { actor: adminOf(request), id: request.params.id, data: await uploadedImage(request, COVER_MAX_BYTES), meta: metaOf(request) }));

    app.delete('/api/v1/admin/activities/:id/cover', {
      config: { permission: 'activity.write' },
      schema: { tags: admin, summary: 'Remove the cover', params: idParamSchema, response: { 200: activitySchema } },
    }, async (request) => activities.setCover(ctx, { actor: adminOf(request), id: request.params.id, data: null, meta: metaOf(request) }));

    app.post('/api/v1/admin/tickets/check-in', {
      config: { permission: 'ticket.check_in' },
      schema: { tags: admin, summary: 'Check a ticket in at the door (once)', body: checkInRequestSchema, response: { 200: checkInResponseSchema } },
    }, async (request) => activities.checkIn(ctx, { actor: adminOf(request), code: request.body.code, activityId: request.body.activityId, meta: metaOf(request) }));
  };
}
