import { dashboardSchema, statsChildPageSchema, statsChildrenQuerySchema, statsExportQuerySchema, statsQuerySchema, statsSchema } from '@gonghui/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { adminOf } from '../../platform/auth.js';
import * as stats from './stats.service.js';

export function statsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['admin: statistics'];
    app.get('/api/v1/admin/stats', {
      config: { permission: 'stats.read' },
      schema: { tags, summary: "A subtree's figures: members, verified share, composition, flows per day/week/month, organizations, cadres, participation", querystring: statsQuerySchema, response: { 200: statsSchema } },
    }, async (request) => stats.figures(ctx, { actor: adminOf(request), query: request.query }));

    app.get('/api/v1/admin/stats/children', {
      config: { permission: 'stats.read' },
      schema: { tags, summary: 'The child organizations ranked by growth, verification rate, members or name', querystring: statsChildrenQuerySchema, response: { 200: statsChildPageSchema } },
    }, async (request) => stats.children(ctx, { actor: adminOf(request), query: request.query }));

    app.get('/api/v1/admin/stats/export', {
      config: { permission: 'stats.read' },
      schema: { tags, summary: 'The tables as an Excel workbook (one sheet each)', querystring: statsExportQuerySchema },
    }, async (request, reply) => {
      const { data, fileName } = await stats.exportWorkbook(ctx, { actor: adminOf(request), query: request.query });
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('cache-control', 'no-store')
        .send(data);
    });

    app.get('/api/v1/admin/dashboard', {
      config: { permission: 'org.read' },
      schema: { tags: ['admin: dashboard'], summary: "Headline figures of the admin's subtree", response: { 200: dashboardSchema } },
    }, async (request) => {
      const actor = adminOf(request);
      const h = await stats.subtreeHeadline(ctx, actor);
      return { org: { id: String(actor.orgId), name: actor.orgName }, orgCount: h.orgs, baseUnionCount: h.baseUnions, members: h.byStatus, verifiedCount: h.verified, adminCount: h.admins };
    });
  };
}
