/**
 * Real-name verification, identity corrections and account reclaims (issue 4). All three end in an
 * identity review: a provider answers at once, or an admin compares the uploaded ID photos.
 */
import { z } from 'zod';
import { pageQuerySchema, pageOf } from './common.js';
import { memberStatusSchema } from './auth.js';
import { passwordSchema, phoneSchema, smsCodeSchema } from './identity.js';

export const IDENTITY_REVIEW_KINDS = ['verification', 'correction', 'reclaim'] as const;
export const identityReviewKindSchema = z.enum(IDENTITY_REVIEW_KINDS);
export type IdentityReviewKind = z.infer<typeof identityReviewKindSchema>;

/** awaiting_photos → pending (both sides uploaded) → approved | rejected; the person may withdraw. */
export const IDENTITY_REVIEW_STATUSES = ['awaiting_photos', 'pending', 'approved', 'rejected', 'withdrawn'] as const;
export const identityReviewStatusSchema = z.enum(IDENTITY_REVIEW_STATUSES);
export type IdentityReviewStatus = z.infer<typeof identityReviewStatusSchema>;

export const PHOTO_SIDES = ['front', 'back'] as const;
export const photoSideSchema = z.enum(PHOTO_SIDES);
export type PhotoSide = z.infer<typeof photoSideSchema>;
/** Upload limits, checked in the app before sending and again on the server. */
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

const personName = z.string().trim().min(2, { message: '姓名至少 2 个字 / At least 2 characters' }).max(30, { message: '姓名最多 30 个字 / At most 30 characters' });
/**
 * The ID number is checked by the service, not by the schema, so that an invalid one answers
 * 400 `ID_NUMBER_INVALID` (with the reason) rather than a generic validation failure.
 */
const rawIdNumber = z.string().trim().min(1, { message: '请输入身份证号码 / Enter the ID number' }).max(40);

export const verificationRequestSchema = z.strictObject({ name: personName, idNumber: rawIdNumber });
export type VerificationRequest = z.infer<typeof verificationRequestSchema>;

/** What the person sees of their own review. */
export const ownIdentityReviewSchema = z.object({
  id: z.string(),
  kind: identityReviewKindSchema,
  method: z.enum(['provider', 'manual']),
  status: identityReviewStatusSchema,
  name: z.string(),
  idNumber: z.string().describe('Masked'),
  photos: z.array(photoSideSchema).describe('Sides uploaded so far'),
  photosPurgedAt: z.string().nullable().describe('When the photos were deleted at the end of their retention period (the review and its decision stay)'),
  reason: z.string().nullable().describe('Why it was rejected'),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  waitingWorkingDays: z.number().int(),
});
export type OwnIdentityReview = z.infer<typeof ownIdentityReviewSchema>;

export const verificationStateSchema = z.object({
  verification: z.enum(['unverified', 'pending', 'verified', 'rejected']),
  /** How this platform verifies: at once through a provider, or by an admin from ID photos. */
  method: z.enum(['provider', 'manual']),
  review: ownIdentityReviewSchema.nullable(),
  /** Failed attempts left today before the rate limit refuses more. */
  attemptsLeft: z.number().int(),
});
export type VerificationState = z.infer<typeof verificationStateSchema>;

/** PIPL: correcting one's own name or ID number goes through the same review. */
export const identityCorrectionRequestSchema = z.strictObject({ name: personName, idNumber: rawIdNumber, note: z.string().trim().max(200).optional() });

/**
 * A phone already taken (a recycled number), or an ID number bound to an account the person can no
 * longer use: prove the phone with an SMS code (purpose `reclaim`), give name + ID number + a new
 * password, upload the ID photos, and an admin decides.
 */
export const reclaimRequestSchema = z.strictObject({
  phone: phoneSchema,
  code: smsCodeSchema,
  name: personName,
  idNumber: rawIdNumber,
  password: passwordSchema,
});
export const reclaimCreatedSchema = z.object({
  review: ownIdentityReviewSchema,
  /** Authorises the photo uploads and status checks of this one reclaim (no session yet). */
  reclaimToken: z.string(),
});
export type ReclaimCreated = z.infer<typeof reclaimCreatedSchema>;

/** Admin queue. */
export const identityReviewQuerySchema = pageQuerySchema.extend({
  kind: identityReviewKindSchema.optional(),
  status: identityReviewStatusSchema.optional().default('pending'),
  overdue: z.enum(['true', 'false']).optional().describe('Only reviews waiting more than 3 working days'),
});
export const adminIdentityReviewSchema = z.object({
  id: z.string(),
  kind: identityReviewKindSchema,
  method: z.enum(['provider', 'manual']),
  status: identityReviewStatusSchema,
  name: z.string(),
  idNumber: z.string().describe('Masked in lists; unmasked (and audited) in the detail for reviewers'),
  phone: z.string().nullable().describe('Masked'),
  /** The member record this review is about, when one exists. */
  member: z.object({ id: z.string(), name: z.string().nullable(), orgName: z.string().nullable(), status: memberStatusSchema }).nullable(),
  currentName: z.string().nullable().describe('For corrections: the name on record now'),
  currentIdNumber: z.string().nullable().describe('For corrections: the ID number on record now (masked like idNumber)'),
  photos: z.array(photoSideSchema),
  photosPurgedAt: z.string().nullable().describe('When the photos were deleted at the end of their retention period'),
  reviewOrg: z.string().nullable(),
  note: z.string().nullable(),
  reason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  waitingWorkingDays: z.number().int(),
  overdue: z.boolean().describe('Waiting more than 3 working days'),
});
export type AdminIdentityReview = z.infer<typeof adminIdentityReviewSchema>;
export const adminIdentityReviewPageSchema = pageOf(adminIdentityReviewSchema);

export const reviewDecisionSchema = z
  .strictObject({
    approve: z.boolean(),
    reason: z.string().trim().max(200).optional(),
  })
  .refine((v) => v.approve || (v.reason && v.reason.length >= 2), {
    message: '驳回时请填写原因（至少 2 个字） / Give a reason when rejecting (at least 2 characters)',
    path: ['reason'],
  });
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;
