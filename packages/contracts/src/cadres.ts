/** The cadres database (工会干部): members holding positions in an organization, with terms. */
import { z } from 'zod';

export const CADRE_POSITIONS = [
  'chair',
  'vice_chair',
  'committee_member',
  'audit_chair',
  'audit_member',
  'women_chair',
  'women_member',
] as const;
export const cadrePositionSchema = z.enum(CADRE_POSITIONS);
export type CadrePosition = z.infer<typeof cadrePositionSchema>;
export const CADRE_POSITION_LABELS: Record<CadrePosition, { 'zh-CN': string; en: string }> = {
  chair: { 'zh-CN': '主席', en: 'Chair' },
  vice_chair: { 'zh-CN': '副主席', en: 'Vice-chair' },
  committee_member: { 'zh-CN': '委员', en: 'Committee member' },
  audit_chair: { 'zh-CN': '经审委主任', en: 'Audit committee chair' },
  audit_member: { 'zh-CN': '经审委委员', en: 'Audit committee member' },
  women_chair: { 'zh-CN': '女职委主任', en: "Women workers' committee chair" },
  women_member: { 'zh-CN': '女职委委员', en: "Women workers' committee member" },
};

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式为 YYYY-MM-DD / Use YYYY-MM-DD' });

export const cadreSchema = z.object({
  id: z.string(),
  memberId: z.string(),
  memberName: z.string().nullable(),
  orgId: z.string(),
  orgName: z.string(),
  position: cadrePositionSchema,
  termStart: z.string(),
  termEnd: z.string().nullable(),
  fullTime: z.boolean(),
  status: z.enum(['serving', 'ended']),
});
export type Cadre = z.infer<typeof cadreSchema>;

export const cadreQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  orgId: z.string().max(20).optional(),
  q: z.string().trim().max(50).optional().describe('Member name prefix'),
  position: cadrePositionSchema.optional(),
  fullTime: z.enum(['true', 'false']).optional(),
  status: z.enum(['serving', 'ended']).optional(),
});

export const cadreCreateRequestSchema = z
  .strictObject({
    memberId: z.string().uuid(),
    orgId: z.string().min(1).max(20),
    position: cadrePositionSchema,
    termStart: isoDate,
    termEnd: isoDate.optional().nullable(),
    fullTime: z.boolean().default(false),
  })
  .refine((v) => !v.termEnd || v.termEnd >= v.termStart, { message: '任期结束不能早于开始 / The term cannot end before it starts', path: ['termEnd'] });
export const cadreUpdateRequestSchema = z.strictObject({
  position: cadrePositionSchema.optional(),
  termStart: isoDate.optional(),
  termEnd: isoDate.optional().nullable(),
  fullTime: z.boolean().optional(),
  status: z.enum(['serving', 'ended']).optional(),
});
