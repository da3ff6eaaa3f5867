import { z } from 'zod';
export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  database: z.enum(['pglite', 'postgres']),
  sharedState: z.enum(['memory', 'redis']),
  uptimeSeconds: z.number(),
});
