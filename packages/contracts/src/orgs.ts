import { z } from 'zod';

export const ORG_LEVELS = ['province', 'city', 'district', 'street', 'base'] as const;
export const orgLevelSchema = z.enum(ORG_LEVELS);
export type OrgLevel = z.infer<typeof orgLevelSchema>;

/** federation: 总工会 at a level; base: 基层工会; joint: 联合基层工会; industry: 产业/行业工会. */
export const ORG_TYPES = ['federation', 'base', 'joint', 'industry'] as const;
export const orgTypeSchema = z.enum(ORG_TYPES);
export type OrgType = z.infer<typeof orgTypeSchema>;

export const ORG_STATUSES = ['active', 'deregistered'] as const;
export const orgStatusSchema = z.enum(ORG_STATUSES);
export type OrgStatus = z.infer<typeof orgStatusSchema>;

export const ORG_LEVEL_LABELS: Record<OrgLevel, { 'zh-CN': string; en: string }> = {
  province: { 'zh-CN': '省级', en: 'Province' },
  city: { 'zh-CN': '市级', en: 'City' },
  district: { 'zh-CN': '区县级', en: 'District' },
  street: { 'zh-CN': '街道/镇', en: 'Street / town' },
  base: { 'zh-CN': '基层', en: 'Base' },
};

export const orgNodeSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  level: orgLevelSchema,
  type: orgTypeSchema,
  status: orgStatusSchema,
  creditCode: z.string().nullable(),
  childCount: z.number().int(),
  memberCount: z.number().int().describe('Active and held members directly in this organization'),
});
export type OrgNode = z.infer<typeof orgNodeSchema>;

export const orgDetailSchema = orgNodeSchema.extend({
  path: z.array(z.object({ id: z.string(), name: z.string() })).describe('Ancestors from the root, the organization last'),
  address: z.string().nullable(),
  contact: z.string().nullable(),
  chairperson: z.string().nullable(),
  industry: z.string().nullable(),
  subtreeOrgCount: z.number().int(),
  subtreeMemberCount: z.number().int(),
  createdAt: z.string(),
});
export type OrgDetail = z.infer<typeof orgDetailSchema>;

export const orgChildrenQuerySchema = z.object({
  parentId: z.string().max(64).optional().describe('Omit for the admin\'s own organization (the root of their scope)'),
  q: z.string().trim().max(50).optional().describe('Search by name within the scope instead of listing children'),
});

/** Public search used when a member looks for a union to join. */
export const publicOrgSchema = z.object({
  id: z.string(),
  name: z.string(),
  level: orgLevelSchema,
  type: orgTypeSchema,
  parentName: z.string().nullable(),
  address: z.string().nullable(),
  /** For browsing by region: whether the union has active child unions. */
  hasChildren: z.boolean(),
});
export type PublicOrg = z.infer<typeof publicOrgSchema>;
export const publicOrgQuerySchema = z.object({
  q: z.string().trim().max(50).default('').describe('Name contains'),
  creditCode: z.string().trim().max(18).optional().describe("The employer's unified social credit code (exact)"),
  parentId: z.string().regex(/^\d{1,18}$/).optional().describe('Browse by region: the active children of this union'),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});
