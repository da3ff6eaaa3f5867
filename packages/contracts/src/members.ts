/**
 * The members database on the admin side (issue 3): search and filters, the detail page, and the
 * admin actions of the membership state machine. The machine itself is MEMBERSHIP_TRANSITIONS.
 */
import { z } from 'zod';
import { memberStatusSchema, verificationStatusSchema, type MemberStatus } from './auth.js';
import { adminMemberSchema } from './admin.js';
import { parseIdNumber, phoneSchema } from './identity.js';

export const idNumberSchema = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    const r = parseIdNumber(v);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: `身份证号码无效：${r.reason} / Invalid ID number: ${r.reasonEn}` });
      return z.NEVER;
    }
    return r.idNumber;
  });

export const AGE_BANDS = ['18-25', '26-35', '36-45', '46-55', '56+'] as const;
export const ageBandSchema = z.enum(AGE_BANDS);
export const INDUSTRY_OPTIONS = ['制造业', '批发和零售业', '交通运输、仓储和邮政业', '住宿和餐饮业', '信息传输、软件和信息技术服务业', '建筑业', '居民服务业', '教育', '卫生和社会工作', '其他'] as const;
export const EDUCATION_OPTIONS = ['初中及以下', '高中/中专', '大专', '本科', '研究生'] as const;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式为 YYYY-MM-DD / Use YYYY-MM-DD' });

export const memberSearchQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  orgId: z.string().max(20).optional(),
  q: z.string().trim().max(50).optional().describe('Name prefix'),
  phone: z.string().trim().max(20).optional().describe('Exact phone number (found through its keyed hash)'),
  idNumber: z.string().trim().max(40).optional().describe('Exact ID number (found through its keyed hash)'),
  cardNo: z.string().trim().max(20).optional(),
  employer: z.string().trim().max(100).optional().describe('Employer name contains'),
  status: memberStatusSchema.optional(),
  verification: verificationStatusSchema.optional(),
  gender: z.enum(['male', 'female']).optional(),
  ageBand: ageBandSchema.optional(),
  industry: z.string().trim().max(50).optional(),
  joinedFrom: isoDate.optional(),
  joinedTo: isoDate.optional(),
});
export type MemberSearchQuery = z.infer<typeof memberSearchQuerySchema>;

export const MEMBERSHIP_EVENT_KINDS = ['added', 'verified', 'applied', 'joined', 'rejected', 'withdrawn', 'transferred_out', 'transferred_in', 'held', 'ended', 'edited', 'org_deregistered'] as const;
export const membershipEventKindSchema = z.enum(MEMBERSHIP_EVENT_KINDS);
export type MembershipEventKind = z.infer<typeof membershipEventKindSchema>;

export const membershipEventSchema = z.object({
  id: z.string(),
  kind: membershipEventKindSchema,
  fromOrg: z.string().nullable(),
  toOrg: z.string().nullable(),
  reason: z.string().nullable(),
  actor: z.string().nullable(),
  at: z.string(),
});
export type MembershipEvent = z.infer<typeof membershipEventSchema>;

export const memberDetailSchema = adminMemberSchema.extend({
  birthDate: z.string().nullable(),
  industry: z.string().nullable(),
  education: z.string().nullable(),
  hometown: z.string().nullable(),
  hasAccount: z.boolean(),
  orgPath: z.array(z.object({ id: z.string(), name: z.string() })),
  endReason: z.string().nullable(),
  events: z.array(membershipEventSchema),
});
export type MemberDetail = z.infer<typeof memberDetailSchema>;

const memberEditable = {
  name: z.string().trim().min(2, { message: '姓名至少 2 个字 / At least 2 characters' }).max(30),
  phone: phoneSchema.optional().nullable(),
  employer: z.string().trim().max(100).optional().nullable(),
  industry: z.string().trim().max(50).optional().nullable(),
  education: z.string().trim().max(20).optional().nullable(),
  hometown: z.string().trim().max(20).optional().nullable(),
};

export const memberCreateRequestSchema = z.strictObject({
  orgId: z.string().min(1).max(20),
  idNumber: idNumberSchema,
  joinedAt: isoDate.optional(),
  ...memberEditable,
});
export const memberUpdateRequestSchema = z.strictObject({
  ...memberEditable,
  name: memberEditable.name.optional(),
  /** Identity corrections by an admin are allowed and audited. */
  idNumber: idNumberSchema.optional(),
});

export const END_REASONS = ['retired', 'withdrawn', 'expelled', 'deceased', 'other'] as const;
export const endReasonSchema = z.enum(END_REASONS);
export const END_REASON_LABELS: Record<(typeof END_REASONS)[number], { 'zh-CN': string; en: string }> = {
  retired: { 'zh-CN': '退休', en: 'Retired' },
  withdrawn: { 'zh-CN': '本人申请退会', en: 'Withdrew' },
  expelled: { 'zh-CN': '除名', en: 'Expelled' },
  deceased: { 'zh-CN': '去世', en: 'Deceased' },
  other: { 'zh-CN': '其他', en: 'Other' },
};
export const memberHoldRequestSchema = z.strictObject({
  reason: z.string().trim().min(2, { message: '请填写原因（至少 2 个字） / Give a reason (at least 2 characters)' }).max(200),
});
export const memberEndRequestSchema = z.strictObject({ reason: endReasonSchema, note: z.string().trim().max(200).optional() });

/**
 * The membership state machine: which status may move to which, by which action. The server's
 * membership service is the only place that changes a status, and it consults this table.
 */
export const MEMBERSHIP_TRANSITIONS = {
  add: { from: [null], to: 'active' },
  /** A verified person applies to a base union. (Held members keep their status while they apply: see join_from_held.) */
  apply: { from: ['registered'], to: 'pending' },
  withdraw: { from: ['pending'], to: 'registered' },
  approve: { from: ['pending'], to: 'active' },
  reject: { from: ['pending'], to: 'registered' },
  /** Approved by the receiving union; card number and seniority stay. */
  transfer: { from: ['active'], to: 'active' },
  hold: { from: ['active'], to: 'held' },
  join_from_held: { from: ['held'], to: 'active' },
  end: { from: ['active', 'held', 'pending'], to: 'ended' },
} as const satisfies Record<string, { from: ReadonlyArray<MemberStatus | null>; to: MemberStatus }>;
export type MembershipAction = keyof typeof MEMBERSHIP_TRANSITIONS;

export function canTransition(action: MembershipAction, from: MemberStatus | null): boolean {
  return (MEMBERSHIP_TRANSITIONS[action].from as ReadonlyArray<MemberStatus | null>).includes(from);
}
