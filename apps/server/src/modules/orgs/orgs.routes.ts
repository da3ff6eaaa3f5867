import { orgChildrenQuerySchema, orgDetailSchema, orgNodeSchema, pageOf, publicOrgQuerySchema, publicOrgSchema, idParamSchema } from '@gonghui/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { adminOf } from '../../platform/auth.js';
import { presentOrgDetail, presentOrgNode, presentPublicOrg } from './orgs.presenter.js';
import * as orgs from './orgs.service.js';

export function orgsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/orgs', {
      config: { auth: 'public' },
      schema: { tags: ['orgs'], summary: 'Search active unions by name (public)', querystring: publicOrgQuerySchema, response: { 200: pageOf(publicOrgSchema) } },
    }, async (request) => {
      const { q, page, pageSize } = request.query;
      const { rows, total } = await orgs.searchPublicOrgs({ db: ctx.db, q, page, pageSize });
      return { items: rows.map(presentPublicOrg), page, pageSize, total };
    });

    app.get('/api/v1/admin/orgs/children', {
      config: { permission: 'org.read' },
      schema: {
        tags: ['admin: orgs'],
        summary: 'Children of an organization in scope, the root of the scope, or a name search within it',
        querystring: orgChildrenQuerySchema,
        response: { 200: z.object({ items: z.array(orgNodeSchema) }) },
      },
    }, async (request) => {
      const actor = adminOf(request);
      const { parentId, q } = request.query;
      const rows = q ? await orgs.searchInScope({ db: ctx.db, actor, q }) : await orgs.listChildren({ db: ctx.db, actor, parentId });
      return { items: rows.map(presentOrgNode) };
    });

    app.get('/api/v1/admin/orgs/:id', {
      config: { permission: 'org.read' },
      schema: { tags: ['admin: orgs'], summary: 'One organization in scope', params: idParamSchema, response: { 200: orgDetailSchema } },
    }, async (request) => {
      const { org, ancestors, subtree } = await orgs.getOrgDetail({ db: ctx.db, actor: adminOf(request), id: request.params.id });
      return presentOrgDetail(org, ancestors, subtree);
    });
  };
}
