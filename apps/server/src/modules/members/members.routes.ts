import { adminMemberQuerySchema, adminMemberSchema, idParamSchema, pageOf, revealResponseSchema } from '@gonghui/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { adminOf } from '../../platform/auth.js';
import { metaOf } from '../../platform/http.js';
import { presentAdminMember } from './members.presenter.js';
import * as membersService from './members.service.js';

export function membersRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/admin/members', {
      config: { permission: 'member.read' },
      schema: { tags: ['admin: members'], summary: 'Members in scope (personal data masked)', querystring: adminMemberQuerySchema, response: { 200: pageOf(adminMemberSchema) } },
    }, async (request) => {
      const { page, pageSize, orgId, status, q } = request.query;
      const { rows, total } = await membersService.listMembersInScope(ctx, { actor: adminOf(request), orgId, status, q, page, pageSize });
      return { items: rows.map((m) => presentAdminMember(m, ctx.cipher)), page, pageSize, total };
    });

    app.post('/api/v1/admin/members/:id/reveal', {
      config: { permission: 'pii.reveal' },
      schema: { tags: ['admin: members'], summary: 'Show a member\'s unmasked phone and ID number (audited)', params: idParamSchema, response: { 200: revealResponseSchema } },
    }, async (request) => membersService.revealMember(ctx, { actor: adminOf(request), memberId: request.params.id, meta: metaOf(request) }));
  };
}
