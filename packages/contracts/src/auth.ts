/** Member accounts: SMS codes, registration, login, sessions. */
import { z } from 'zod';
import { passwordSchema, phoneSchema, smsCodeSchema } from './identity.js';

/** reclaim: prove a phone that may belong to another account; close_account: confirm closing one's own. */
export const SMS_PURPOSES = ['register', 'login', 'reset_password', 'reclaim', 'close_account'] as const;
export const smsPurposeSchema = z.enum(SMS_PURPOSES);

export const smsCodeRequestSchema = z.strictObject({ phone: phoneSchema, purpose: smsPurposeSchema });
export const smsCodeResponseSchema = z.object({
  sent: z.literal(true),
  expiresInSeconds: z.number().int(),
  resendAfterSeconds: z.number().int(),
});

export const registerRequestSchema = z.strictObject({ phone: phoneSchema, code: smsCodeSchema, password: passwordSchema });
export const loginRequestSchema = z.strictObject({
  phone: phoneSchema,
  password: z.string().min(1).max(64),
});
export const smsLoginRequestSchema = z.strictObject({ phone: phoneSchema, code: smsCodeSchema });
export const passwordResetRequestSchema = z.strictObject({ phone: phoneSchema, code: smsCodeSchema, password: passwordSchema });

export const MEMBER_STATUSES = ['registered', 'pending', 'active', 'held', 'ended'] as const;
export const memberStatusSchema = z.enum(MEMBER_STATUSES);
export type MemberStatus = z.infer<typeof memberStatusSchema>;
export const VERIFICATION_STATUSES = ['unverified', 'pending', 'verified', 'rejected'] as const;
export const verificationStatusSchema = z.enum(VERIFICATION_STATUSES);

export const meSchema = z.object({
  accountId: z.string(),
  phone: z.string().describe('Masked, e.g. 138****5678'),
  member: z
    .object({
      id: z.string(),
      name: z.string().nullable(),
      status: memberStatusSchema,
      verification: verificationStatusSchema,
      cardNo: z.string().nullable(),
      orgId: z.string().nullable(),
      orgName: z.string().nullable(),
      joinedAt: z.string().nullable(),
    })
    .nullable(),
  createdAt: z.string(),
});
export type Me = z.infer<typeof meSchema>;

export const sessionResponseSchema = z.object({
  token: z.string().describe('Use as `Authorization: Bearer <token>`; web clients also get an httpOnly cookie'),
  expiresAt: z.string(),
  me: meSchema,
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
