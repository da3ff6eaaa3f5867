import { healthSchema } from '@gonghui/contracts';
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';

export const APP_VERSION = '0.1.0';

export function healthRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/health', {
      config: { auth: 'public' },
      schema: { tags: ['health'], summary: 'Liveness and what the process runs on', response: { 200: healthSchema, 503: healthSchema } },
    }, async (_request, reply) => {
      let ok = true;
      try {
        await ctx.db.execute(sql`SELECT 1`);
      } catch {
        ok = false;
      }
      const body = { status: ok ? ('ok' as const) : ('degraded' as const), version: APP_VERSION, database: ctx.database.kind, sharedState: ctx.state.kind, uptimeSeconds: Math.round(process.uptime()) };
      return reply.status(ok ? 200 : 503).send(body);
    });
  };
}
