import { dashboardSchema, MEMBER_STATUSES, type MemberStatus } from '@gonghui/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { adminOf } from '../../platform/auth.js';
import { subtreeFigures } from './dashboard.repository.js';

export function dashboardRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/admin/dashboard', {
      config: { permission: 'org.read' },
      schema: { tags: ['admin: dashboard'], summary: 'Headline figures of the admin\'s subtree', response: { 200: dashboardSchema } },
    }, async (request) => {
      const actor = adminOf(request);
      const f = await subtreeFigures(ctx.db, actor.orgPath);
      const members = Object.fromEntries(MEMBER_STATUSES.map((s) => [s, 0])) as Record<MemberStatus, number>;
      for (const r of f.byStatus) if (r.status in members) members[r.status as MemberStatus] = r.n;
      return { org: { id: String(actor.orgId), name: actor.orgName }, orgCount: f.orgs, baseUnionCount: f.baseUnions, members, verifiedCount: f.verified, adminCount: f.admins };
    });
  };
}
