import { markReadRequestSchema, notificationPageSchema, notificationQuerySchema } from '@gonghui/contracts';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { adminOf, memberOf } from '../../platform/auth.js';
import { langOf } from '../../platform/http.js';
import * as notifications from './notifications.service.js';

const markedSchema = z.object({ marked: z.number().int() });

export function notificationsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/me/notifications', {
      config: { auth: 'member' },
      schema: { tags: ['me'], summary: 'My messages, newest first, with the unread count', querystring: notificationQuerySchema, response: { 200: notificationPageSchema } },
    }, async (request) => notifications.listInbox(ctx, { accountId: memberOf(request).accountId }, request.query, langOf(request)));

    app.post('/api/v1/me/notifications/read', {
      config: { auth: 'member' },
      schema: { tags: ['me'], summary: 'Mark messages read (all when no ids are given)', body: markReadRequestSchema, response: { 200: markedSchema } },
    }, async (request) => ({ marked: await notifications.markRead(ctx, { accountId: memberOf(request).accountId }, request.body.ids) }));

    app.get('/api/v1/admin/notifications', {
      config: { permission: 'member.read' },
      schema: { tags: ['admin: members'], summary: "The inbox of the unions in the actor's subtree (held members over 90 days, transfers out)", querystring: notificationQuerySchema, response: { 200: notificationPageSchema } },
    }, async (request) => notifications.listInbox(ctx, { orgPath: adminOf(request).orgPath }, request.query, langOf(request)));

    app.post('/api/v1/admin/notifications/read', {
      config: { permission: 'member.read' },
      schema: { tags: ['admin: members'], summary: 'Mark union messages read (all in scope when no ids are given)', body: markReadRequestSchema, response: { 200: markedSchema } },
    }, async (request) => ({ marked: await notifications.markRead(ctx, { orgPath: adminOf(request).orgPath }, request.body.ids) }));
  };
}
