/**
 * Statistics of an organization's subtree (issue 6, "数据明、底子清"): the union's official
 * numbers. Every figure equals a direct count from the source tables at every moment; the
 * definitions below are the ones `npm run cli -- stats-reconcile` recomputes. See docs/STATISTICS.md.
 */
import { z } from 'zod';
import { pageOf, pageQuerySchema } from './common.js';
import { memberStatusSchema } from './auth.js';
import { AGE_BANDS } from './members.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式为 YYYY-MM-DD / Use YYYY-MM-DD' });

export const STATS_GRAINS = ['day', 'week', 'month'] as const;
export const statsGrainSchema = z.enum(STATS_GRAINS);
export type StatsGrain = z.infer<typeof statsGrainSchema>;

/** Age bands of the statistics, by birth year: age = this year (China time) − the year of birth (under 26 falls in the first band). */
export const STATS_AGE_BANDS = [...AGE_BANDS, 'unknown'] as const;
export type StatsAgeBand = (typeof STATS_AGE_BANDS)[number];
export function ageBandOf(birthYear: number | null, currentYear: number): StatsAgeBand {
  if (birthYear === null) return 'unknown';
  const age = currentYear - birthYear;
  if (age <= 25) return '18-25';
  if (age <= 35) return '26-35';
  if (age <= 45) return '36-45';
  if (age <= 55) return '46-55';
  return '56+';
}

/**
 * Flows in a period, for a subtree:
 *  - joins: became active from nothing or an application (events `added`, `joined`), counted where they joined;
 *  - leaves: memberships ended (`ended`), counted where they ended;
 *  - transfersIn / transfersOut: `transferred_in` events crossing the subtree's border (a move within it is neither);
 *  - held: memberships newly held at an upper union (`held`, or `org_deregistered` into held), counted where they were.
 */
export const FLOW_KINDS = ['joins', 'leaves', 'transfersIn', 'transfersOut', 'held'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];
export const flowPointSchema = z.object({ period: z.string().describe('First day of the period (YYYY-MM-DD)'), joins: z.number().int(), leaves: z.number().int(), transfersIn: z.number().int(), transfersOut: z.number().int(), held: z.number().int() });
export type FlowPoint = z.infer<typeof flowPointSchema>;

export const statsQuerySchema = z
  .strictObject({
    /** The organization (default: the admin's own); must be in the admin's scope. */
    orgId: z.string().regex(/^\d+$/).optional(),
    /** The period for flows and participation, China dates, inclusive (default: the last 30 days). */
    from: day.optional(),
    to: day.optional(),
    grain: statsGrainSchema.default('day'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '开始日期须不晚于结束日期 / The period must start before it ends', path: ['to'] });
export type StatsQuery = z.infer<typeof statsQuerySchema>;

const countSchema = z.object({ key: z.string(), n: z.number().int() });
export const statsSchema = z.object({
  org: z.object({ id: z.string(), name: z.string(), level: z.string() }),
  /** From the admin's own organization down to this one: the drill-down trail. */
  trail: z.array(z.object({ id: z.string(), name: z.string() })),
  asOf: z.string(),
  period: z.object({ from: z.string(), to: z.string(), grain: statsGrainSchema }),
  members: z.object({
    byStatus: z.record(memberStatusSchema, z.number().int()),
    /** Members counted in the subtree: every status. */
    total: z.number().int(),
    /** Verified among active and held members, and its share of them. */
    verified: z.number().int(),
    verifiedShare: z.number().describe('0…1'),
  }),
  /** Composition of active and held members. */
  composition: z.object({ gender: z.array(countSchema), ageBand: z.array(countSchema), industry: z.array(countSchema), education: z.array(countSchema) }),
  flows: z.object({ series: z.array(flowPointSchema), totals: flowPointSchema.omit({ period: true }) }),
  orgs: z.object({ byLevel: z.array(countSchema), byType: z.array(countSchema), byStatus: z.array(countSchema) }),
  cadres: z.object({ serving: z.number().int(), byPosition: z.array(countSchema) }),
  /** Participation in the period, by source and action (activities: ticket, checked_in, entered; membership: card_checked). */
  participation: z.object({
    bySource: z.array(z.object({ source: z.string(), action: z.string(), n: z.number().int() })),
    top: z.array(z.object({ source: z.string(), subjectId: z.string(), title: z.string(), actions: z.record(z.string(), z.number().int()) })),
  }),
});
export type Stats = z.infer<typeof statsSchema>;

/** The longest period the statistics answer (days). */
export const STATS_MAX_PERIOD_DAYS = 366 * 3;

export const STATS_CHILD_SORTS = ['growth', 'verifiedShare', 'members', 'name'] as const;
export const statsChildrenQuerySchema = pageQuerySchema.extend({
  orgId: z.string().regex(/^\d+$/).optional(),
  from: day.optional(),
  to: day.optional(),
  sort: z.enum(STATS_CHILD_SORTS).default('growth'),
});
export const statsChildSchema = z.object({
  org: z.object({ id: z.string(), name: z.string(), level: z.string(), hasChildren: z.boolean() }),
  members: z.number().int().describe('Active and held'),
  byStatus: z.record(memberStatusSchema, z.number().int()),
  verified: z.number().int(),
  verifiedShare: z.number(),
  joins: z.number().int(),
  leaves: z.number().int(),
  transfersIn: z.number().int(),
  transfersOut: z.number().int(),
  held: z.number().int(),
  /** Net growth in the period: joins + transfersIn − leaves − transfersOut − members newly held at a union outside this subtree. */
  growth: z.number().int(),
});
export type StatsChild = z.infer<typeof statsChildSchema>;
export const statsChildPageSchema = pageOf(statsChildSchema);

/** Which tables an export holds (default: all), as sheets of one workbook. */
export const STATS_TABLES = ['summary', 'composition', 'flows', 'children', 'orgs', 'cadres', 'participation'] as const;
export const statsExportQuerySchema = z.strictObject({
  orgId: z.string().regex(/^\d+$/).optional(),
  from: day.optional(),
  to: day.optional(),
  grain: statsGrainSchema.default('day'),
  tables: z.string().regex(/^[a-z,]+$/).optional().describe(`Comma-separated, of ${STATS_TABLES.join(', ')}`),
});

/** What `stats-reconcile` found: every aggregate that differs from a direct count. */
export interface StatsDifference {
  table: string;
  orgId: number;
  key: string;
  aggregate: number;
  direct: number;
}
