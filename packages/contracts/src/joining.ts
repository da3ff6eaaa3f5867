/**
 * The member's membership (issue 4): finding a union and joining, transfer, being held at the
 * upper union (上挂), the timeline and the electronic membership card.
 */
import { z } from 'zod';
import { memberStatusSchema, verificationStatusSchema } from './auth.js';
import { pageQuerySchema, pageOf } from './common.js';
import { membershipEventSchema } from './members.js';

/**
 * join: a verified person who is not a member yet (registered → pending → active);
 * transfer: an active member moves to another base union (stays active meanwhile);
 * join_from_held: a member held at an upper union joins the new employer's union (stays held meanwhile).
 */
export const JOIN_REQUEST_KINDS = ['join', 'transfer', 'join_from_held'] as const;
export const joinRequestKindSchema = z.enum(JOIN_REQUEST_KINDS);
export type JoinRequestKind = z.infer<typeof joinRequestKindSchema>;
export const JOIN_REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export const joinRequestStatusSchema = z.enum(JOIN_REQUEST_STATUSES);
export type JoinRequestStatus = z.infer<typeof joinRequestStatusSchema>;

/** Applications waiting longer than this many working days are flagged in the union's queue. */
export const JOIN_OVERDUE_WORKING_DAYS = 3;
/** Held members and their holding union are reminded after this many days, and again every as many. */
export const HELD_REMINDER_DAYS = 90;

export const joinRequestCreateSchema = z.strictObject({
  orgId: z.string().min(1).max(20).regex(/^\d+$/, { message: '组织编号无效 / Invalid organization id' }),
  note: z.string().trim().max(200).optional(),
});

export const orgRefSchema = z.object({ id: z.string(), name: z.string() });
export const joinRequestSchema = z.object({
  id: z.string(),
  kind: joinRequestKindSchema,
  status: joinRequestStatusSchema,
  fromOrg: orgRefSchema.nullable(),
  toOrg: orgRefSchema,
  note: z.string().nullable(),
  reason: z.string().nullable().describe('Why it was rejected'),
  decidedBy: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  waitingWorkingDays: z.number().int().describe('Working days waited so far (until the decision, once decided)'),
});
export type JoinRequest = z.infer<typeof joinRequestSchema>;
export const joinRequestPageSchema = pageOf(joinRequestSchema);

/** `GET /api/v1/me/membership`: everything the member app shows about the membership. */
export const ownMembershipSchema = z.object({
  member: z
    .object({
      id: z.string(),
      name: z.string().nullable(),
      idNumber: z.string().nullable().describe('Masked'),
      status: memberStatusSchema,
      verification: verificationStatusSchema,
      cardNo: z.string().nullable(),
      org: orgRefSchema.nullable(),
      /** Ancestors from the province down to the member's union. */
      orgPath: z.array(orgRefSchema),
      joinedAt: z.string().nullable(),
      heldSince: z.string().nullable(),
      employer: z.string().nullable(),
    })
    .nullable(),
  /** What the member can do next. */
  canJoin: z.boolean(),
  canTransfer: z.boolean(),
  pendingRequest: joinRequestSchema.nullable(),
  events: z.array(membershipEventSchema),
});
export type OwnMembership = z.infer<typeof ownMembershipSchema>;

export const adminJoinRequestQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(30).optional().describe("Applicant's name prefix"),
  status: joinRequestStatusSchema.optional().default('pending'),
  kind: joinRequestKindSchema.optional(),
  overdue: z.enum(['true', 'false']).optional().describe('Only applications waiting more than 3 working days'),
});
export const adminJoinRequestSchema = joinRequestSchema.extend({
  member: z.object({
    id: z.string(),
    name: z.string().nullable(),
    gender: z.enum(['male', 'female']).nullable(),
    idNumber: z.string().nullable().describe('Masked'),
    phone: z.string().nullable().describe('Masked'),
    status: memberStatusSchema,
    cardNo: z.string().nullable(),
    employer: z.string().nullable(),
  }),
  overdue: z.boolean(),
  canDecide: z.boolean().describe('The actor administers the receiving union and holds member.write'),
});
export type AdminJoinRequest = z.infer<typeof adminJoinRequestSchema>;
export const adminJoinRequestPageSchema = pageOf(adminJoinRequestSchema);

/** The electronic card. `token` is the QR code's content; it changes every minute. */
export const CARD_TOKEN_STEP_SECONDS = 60;
export const memberCardSchema = z.object({
  cardNo: z.string(),
  name: z.string(),
  orgName: z.string(),
  status: memberStatusSchema,
  joinedAt: z.string().nullable(),
  token: z.string().describe('GH1:<cardNo>:<step>:<code>, an HMAC signed for one minute'),
  code: z.string().describe('The 8-digit code inside the token, for typing when a camera is not at hand'),
  expiresAt: z.string(),
  refreshInSeconds: z.number().int(),
  qrDataUrl: z.string().describe('PNG data URL of the token'),
});
export type MemberCard = z.infer<typeof memberCardSchema>;

export const cardCheckRequestSchema = z.union([
  z.strictObject({ token: z.string().trim().min(1).max(100) }),
  z.strictObject({
    cardNo: z.string().trim().min(1, { message: '请输入会员卡号 / Enter the card number' }).max(20),
    code: z.string().trim().regex(/^\d{8}$/, { message: '动态码为 8 位数字 / The code has 8 digits' }),
  }),
]);
export const CARD_CHECK_RESULTS = ['valid', 'expired', 'invalid', 'not_member'] as const;
export const cardCheckResponseSchema = z.object({
  result: z.enum(CARD_CHECK_RESULTS),
  card: z
    .object({
      cardNo: z.string(),
      name: z.string().describe('Masked except the surname'),
      orgName: z.string().nullable(),
      status: memberStatusSchema,
      joinedAt: z.string().nullable(),
    })
    .nullable(),
  checkedAt: z.string(),
});
export type CardCheckResponse = z.infer<typeof cardCheckResponseSchema>;

/** Join QR code of a base union (console): the member app opens `/join/<orgId>`. */
export const joinQrSchema = z.object({ url: z.string(), qrDataUrl: z.string(), orgName: z.string() });
