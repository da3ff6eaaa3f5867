/** Admin console: accounts, roles, TOTP, audit, members (foundation slice). */
import { z } from 'zod';
import { passwordSchema, totpCodeSchema } from './identity.js';
import { memberStatusSchema, verificationStatusSchema } from './auth.js';

export const ADMIN_ROLES = ['org_admin', 'member_admin', 'staff', 'auditor'] as const;
export const adminRoleSchema = z.enum(ADMIN_ROLES);
export type AdminRole = z.infer<typeof adminRoleSchema>;

export const PERMISSIONS = [
  'org.read',
  'org.write',
  'member.read',
  'member.write',
  'pii.reveal',
  'admin.read',
  'admin.write',
  'audit.read',
  /** Decide real-name verifications, identity corrections and account reclaims from ID photos. */
  'identity.review',
  /** Check a member's electronic card at a service point. */
  'card.verify',
  'activity.read',
  'activity.write',
  /** Check tickets in at the door. */
  'ticket.check_in',
  'stats.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Which role grants what. The server's scope guard is the only place that reads this. */
export const ROLE_PERMISSIONS: Record<AdminRole, readonly Permission[]> = {
  org_admin: ['org.read', 'org.write', 'member.read', 'member.write', 'pii.reveal', 'admin.read', 'admin.write', 'identity.review', 'card.verify', 'activity.read', 'activity.write', 'ticket.check_in', 'stats.read'],
  member_admin: ['org.read', 'member.read', 'member.write', 'pii.reveal', 'identity.review', 'card.verify', 'activity.read', 'activity.write', 'ticket.check_in', 'stats.read'],
  staff: ['org.read', 'member.read', 'card.verify', 'activity.read', 'ticket.check_in', 'stats.read'],
  auditor: ['org.read', 'admin.read', 'audit.read', 'activity.read', 'stats.read'],
};

export const ADMIN_ROLE_LABELS: Record<AdminRole, { 'zh-CN': string; en: string }> = {
  org_admin: { 'zh-CN': '组织管理员', en: 'Organization admin' },
  member_admin: { 'zh-CN': '会员管理员', en: 'Member admin' },
  staff: { 'zh-CN': '服务人员', en: 'Service staff' },
  auditor: { 'zh-CN': '审计员', en: 'Auditor' },
};

export const adminLoginRequestSchema = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(64),
  totp: totpCodeSchema.optional().describe('Required once TOTP is enrolled'),
});

export const adminProfileSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(adminRoleSchema),
  permissions: z.array(z.enum(PERMISSIONS)),
  org: z.object({ id: z.string(), name: z.string(), level: z.string() }),
});
export type AdminProfile = z.infer<typeof adminProfileSchema>;

/** Login answers either with a session, or (first login) with a TOTP enrolment to finish. */
export const adminLoginResponseSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), token: z.string(), expiresAt: z.string(), admin: adminProfileSchema }),
  z.object({
    status: z.literal('totp_enrolment_required'),
    enrolmentToken: z.string(),
    otpauthUrl: z.string(),
    qrDataUrl: z.string().describe('PNG data URL of the otpauth:// QR code'),
    secret: z.string().describe('Base32 secret, for typing into an authenticator by hand'),
  }),
]);
export type AdminLoginResponse = z.infer<typeof adminLoginResponseSchema>;

export const totpEnrolRequestSchema = z.strictObject({
  enrolmentToken: z.string().min(10).max(200),
  code: totpCodeSchema,
});

export const adminAccountSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(adminRoleSchema),
  orgId: z.string(),
  orgName: z.string(),
  status: z.enum(['active', 'disabled']),
  totpEnrolled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type AdminAccount = z.infer<typeof adminAccountSchema>;

export const adminCreateRequestSchema = z.strictObject({
  username: z.string().trim().regex(/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, {
    message: '用户名为 3–32 位字母、数字、_.-，以字母开头 / 3–32 letters, digits, _.- starting with a letter',
  }),
  displayName: z.string().trim().min(1).max(50),
  orgId: z.string().min(1).max(64),
  roles: z.array(adminRoleSchema).min(1).max(4),
  password: passwordSchema,
});
export const adminUpdateRequestSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(50).optional(),
  roles: z.array(adminRoleSchema).min(1).max(4).optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorType: z.enum(['admin', 'member', 'system', 'anonymous']),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  ip: z.string().nullable(),
  outcome: z.enum(['success', 'failure', 'denied']),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  action: z.string().max(64).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  actorName: z.string().max(64).optional(),
});

export const adminMemberSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  gender: z.enum(['male', 'female']).nullable(),
  phone: z.string().nullable().describe('Masked unless revealed'),
  idNumber: z.string().nullable().describe('Masked unless revealed'),
  status: memberStatusSchema,
  verification: verificationStatusSchema,
  cardNo: z.string().nullable(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  employer: z.string().nullable(),
  joinedAt: z.string().nullable(),
});
export type AdminMember = z.infer<typeof adminMemberSchema>;
export const revealResponseSchema = z.object({ phone: z.string().nullable(), idNumber: z.string().nullable() });

export const dashboardSchema = z.object({
  org: z.object({ id: z.string(), name: z.string() }),
  orgCount: z.number().int(),
  baseUnionCount: z.number().int(),
  members: z.record(memberStatusSchema, z.number().int()),
  verifiedCount: z.number().int(),
  adminCount: z.number().int(),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
