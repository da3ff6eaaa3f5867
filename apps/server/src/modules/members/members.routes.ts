import {
  adminMemberSchema,
  idParamSchema,
  memberCreateRequestSchema,
  memberDetailSchema,
  memberEndRequestSchema,
  memberHoldRequestSchema,
  memberSearchQuerySchema,
  memberUpdateRequestSchema,
  pageOf,
  revealResponseSchema,
} from '@gonghui/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { adminOf } from '../../platform/auth.js';
import { metaOf } from '../../platform/http.js';
import { presentAdminMember, presentMemberDetail } from './members.presenter.js';
import * as membersService from './members.service.js';

export function membersRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const tags = ['admin: members'];
  return async (app) => {
    app.get('/api/v1/admin/members', {
      config: { permission: 'member.read' },
      schema: { tags, summary: 'Search members in scope (personal data masked)', querystring: memberSearchQuerySchema, response: { 200: pageOf(adminMemberSchema) } },
    }, async (request) => {
      const { rows, total } = await membersService.searchMembers(ctx, { actor: adminOf(request), query: request.query });
      return { items: rows.map((m) => presentAdminMember(m, ctx.cipher)), page: request.query.page, pageSize: request.query.pageSize, total };
    });

    app.get('/api/v1/admin/members/:id', {
      config: { permission: 'member.read' },
      schema: { tags, summary: 'One member with the membership timeline (masked)', params: idParamSchema, response: { 200: memberDetailSchema } },
    }, async (request) => presentMemberDetail(await membersService.memberDetail(ctx, { actor: adminOf(request), id: request.params.id }), ctx.cipher));

    app.post('/api/v1/admin/members', {
      config: { permission: 'member.write' },
      schema: { tags, summary: 'Add a member to a base union (one person per ID number)', body: memberCreateRequestSchema, response: { 201: memberDetailSchema } },
    }, async (request, reply) => {
      const d = await membersService.addMember(ctx, { actor: adminOf(request), input: request.body, meta: metaOf(request) });
      return reply.status(201).send(presentMemberDetail(d, ctx.cipher));
    });

    app.patch('/api/v1/admin/members/:id', {
      config: { permission: 'member.write' },
      schema: { tags, summary: 'Edit a member (identity corrections are audited)', params: idParamSchema, body: memberUpdateRequestSchema, response: { 200: memberDetailSchema } },
    }, async (request) => presentMemberDetail(await membersService.editMember(ctx, { actor: adminOf(request), id: request.params.id, input: request.body, meta: metaOf(request) }), ctx.cipher));

    app.post('/api/v1/admin/members/:id/hold', {
      config: { permission: 'member.write' },
      schema: { tags, summary: 'Remove a departed member: the membership is held at the union above (上挂)', params: idParamSchema, body: memberHoldRequestSchema, response: { 200: memberDetailSchema } },
    }, async (request) => presentMemberDetail(await membersService.holdMember(ctx, { actor: adminOf(request), id: request.params.id, reason: request.body.reason, meta: metaOf(request) }), ctx.cipher));

    app.post('/api/v1/admin/members/:id/end', {
      config: { permission: 'member.write' },
      schema: { tags, summary: 'End a membership with a reason', params: idParamSchema, body: memberEndRequestSchema, response: { 200: memberDetailSchema } },
    }, async (request) => presentMemberDetail(await membersService.endMembership(ctx, { actor: adminOf(request), id: request.params.id, reason: request.body.reason, note: request.body.note, meta: metaOf(request) }), ctx.cipher));

    app.post('/api/v1/admin/members/:id/reveal', {
      config: { permission: 'pii.reveal' },
      schema: { tags, summary: 'Show a member\'s unmasked phone and ID number (audited)', params: idParamSchema, response: { 200: revealResponseSchema } },
    }, async (request) => membersService.revealMember(ctx, { actor: adminOf(request), memberId: request.params.id, meta: metaOf(request) }));
  };
}
