import {
  adminJoinRequestPageSchema,
  adminJoinRequestQuerySchema,
  idParamSchema,
  joinRequestCreateSchema,
  joinRequestPageSchema,
  joinRequestSchema,
  ownMembershipSchema,
  pageQuerySchema,
  reviewDecisionSchema,
} from '@gonghui/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { adminOf, memberOf } from '../../platform/auth.js';
import { metaOf } from '../../platform/http.js';
import * as joining from './joining.service.js';

export function joiningRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/me/membership', {
      config: { auth: 'member' },
      schema: { tags: ['me'], summary: 'My membership: union, status (incl. held at the upper union), pending application, timeline', response: { 200: ownMembershipSchema } },
    }, async (request) => joining.ownMembership(ctx, memberOf(request).accountId));

    app.get('/api/v1/me/join-requests', {
      config: { auth: 'member' },
      schema: { tags: ['me'], summary: 'My applications to join or transfer, newest first', querystring: pageQuerySchema, response: { 200: joinRequestPageSchema } },
    }, async (request) => joining.listOwnRequests(ctx, memberOf(request).accountId, request.query.page, request.query.pageSize));

    app.post('/api/v1/me/join-requests', {
      config: { auth: 'member' },
      schema: {
        tags: ['me'],
        summary: 'Apply to a base union: to join (verified, not yet a member), to transfer (active), or to join from being held (上挂)',
        body: joinRequestCreateSchema,
        response: { 201: joinRequestSchema },
      },
    }, async (request, reply) => reply.status(201).send(await joining.createJoinRequest(ctx, { accountId: memberOf(request).accountId, ...request.body, meta: metaOf(request) })));

    app.post('/api/v1/me/join-requests/:id/withdraw', {
      config: { auth: 'member' },
      schema: { tags: ['me'], summary: 'Withdraw my pending application', params: idParamSchema, response: { 200: joinRequestSchema } },
    }, async (request) => joining.withdrawJoinRequest(ctx, { accountId: memberOf(request).accountId, id: request.params.id, meta: metaOf(request) }));

    app.get('/api/v1/admin/join-requests', {
      config: { permission: 'member.read' },
      schema: { tags: ['admin: members'], summary: 'Applications to unions in scope; overdue after 3 working days', querystring: adminJoinRequestQuerySchema, response: { 200: adminJoinRequestPageSchema } },
    }, async (request) => joining.listForAdmin(ctx, { actor: adminOf(request), query: request.query }));

    app.post('/api/v1/admin/join-requests/:id/decision', {
      config: { permission: 'member.write' },
      schema: { tags: ['admin: members'], summary: 'Approve or reject (with a reason) an application to a union in scope', params: idParamSchema, body: reviewDecisionSchema, response: { 200: joinRequestSchema } },
    }, async (request) => joining.decide(ctx, { actor: adminOf(request), id: request.params.id, ...request.body, meta: metaOf(request) }));
  };
}
