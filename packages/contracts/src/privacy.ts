/**
 * Personal-information rights under PIPL (issue 4): view and export one's data, correct it,
 * consents with versions, and closing the account.
 */
import { z } from 'zod';
import { smsCodeSchema } from './identity.js';
import { joinRequestSchema } from './joining.js';
import { membershipEventSchema } from './members.js';
import { ownIdentityReviewSchema } from './identity-reviews.js';

/** Required consents cannot be withdrawn without closing the account; optional ones can. */
export const CONSENT_KINDS = ['terms', 'privacy', 'sms_notices', 'personalised_services'] as const;
export const consentKindSchema = z.enum(CONSENT_KINDS);
export type ConsentKind = z.infer<typeof consentKindSchema>;
export const REQUIRED_CONSENTS: readonly ConsentKind[] = ['terms', 'privacy'];
/** The versions in force; a registration records these. */
export const CONSENT_VERSIONS: Record<ConsentKind, string> = {
  terms: '2026-06-01',
  privacy: '2026-06-01',
  sms_notices: '2026-06-01',
  personalised_services: '2026-06-01',
};
export const CONSENT_LABELS: Record<ConsentKind, { 'zh-CN': string; en: string }> = {
  terms: { 'zh-CN': '用户协议', en: 'Terms of service' },
  privacy: { 'zh-CN': '隐私政策', en: 'Privacy policy' },
  sms_notices: { 'zh-CN': '短信通知（审批结果等重要消息）', en: 'SMS notices (decisions and other important messages)' },
  personalised_services: { 'zh-CN': '个性化服务推荐', en: 'Personalised service recommendations' },
};

export const consentSchema = z.object({
  kind: consentKindSchema,
  required: z.boolean(),
  granted: z.boolean(),
  version: z.string().nullable().describe('The version last agreed to'),
  currentVersion: z.string(),
  grantedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  history: z.array(z.object({ action: z.enum(['granted', 'withdrawn']), version: z.string(), at: z.string(), channel: z.string().nullable() })),
});
export type Consent = z.infer<typeof consentSchema>;
export const consentListSchema = z.object({ items: z.array(consentSchema) });
export const consentKindParamSchema = z.object({ kind: consentKindSchema });

/** Fields the member may correct directly; name and ID number go through an identity review. */
export const profileUpdateSchema = z.strictObject({
  employer: z.string().trim().max(100).nullable().optional(),
  industry: z.string().trim().max(50).nullable().optional(),
  education: z.string().trim().max(20).nullable().optional(),
  hometown: z.string().trim().max(20).nullable().optional(),
});

/** Everything the platform holds about the person, unmasked (it is their own), for the page and the export. */
export const myDataSchema = z.object({
  exportedAt: z.string(),
  account: z.object({ id: z.string(), phone: z.string(), status: z.string(), createdAt: z.string(), lastLoginAt: z.string().nullable() }),
  member: z
    .object({
      id: z.string(),
      name: z.string().nullable(),
      idNumber: z.string().nullable(),
      phone: z.string().nullable(),
      gender: z.string().nullable(),
      birthDate: z.string().nullable(),
      status: z.string(),
      verification: z.string(),
      cardNo: z.string().nullable(),
      org: z.string().nullable(),
      employer: z.string().nullable(),
      industry: z.string().nullable(),
      education: z.string().nullable(),
      hometown: z.string().nullable(),
      joinedAt: z.string().nullable(),
    })
    .nullable(),
  events: z.array(membershipEventSchema),
  joinRequests: z.array(joinRequestSchema),
  identityReviews: z.array(ownIdentityReviewSchema),
  consents: z.array(consentSchema),
  sessions: z.array(z.object({ createdAt: z.string(), lastSeenAt: z.string(), userAgent: z.string().nullable(), current: z.boolean() })),
  notificationsCount: z.number().int(),
});
export type MyData = z.infer<typeof myDataSchema>;

export const closeAccountRequestSchema = z.strictObject({
  code: smsCodeSchema.describe('An SMS code with purpose close_account'),
  confirm: z.literal('注销', { message: '请输入“注销”以确认 / Type 注销 to confirm' }),
});
