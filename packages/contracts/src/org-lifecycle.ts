/**
 * Organization management (issue 3): create and edit by the level above, and the lifecycle of a
 * base union as applications — establish (设立), change (变更), deregister (注销) — approved by
 * the parent union, with the history of every change.
 */
import { z } from 'zod';
import { isValidCreditCode } from './identity.js';
import { orgLevelSchema, orgNodeSchema, orgTypeSchema } from './orgs.js';

export const creditCodeSchema = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine(isValidCreditCode, { message: '统一社会信用代码无效（18 位，校验位须正确） / Not a valid unified social credit code' });

const optionalText = (max: number) => z.string().trim().max(max).optional().nullable();

/** The editable fields of an organization. */
export const orgFieldsSchema = z.strictObject({
  name: z.string().trim().min(2, { message: '名称至少 2 个字 / At least 2 characters' }).max(100),
  type: orgTypeSchema,
  creditCode: creditCodeSchema.optional().nullable(),
  address: optionalText(200),
  contact: optionalText(100),
  chairperson: optionalText(50),
  industry: optionalText(50),
});
export type OrgFields = z.infer<typeof orgFieldsSchema>;

/** Direct creation by an admin of an organization above (federations and base unions alike). */
export const orgCreateRequestSchema = orgFieldsSchema.extend({
  parentId: z.string().min(1).max(20),
  level: orgLevelSchema,
});
export const orgUpdateRequestSchema = orgFieldsSchema.partial().strict();

export const ORG_APPLICATION_KINDS = ['establish', 'change', 'deregister'] as const;
export const orgApplicationKindSchema = z.enum(ORG_APPLICATION_KINDS);
export const ORG_APPLICATION_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export const orgApplicationStatusSchema = z.enum(ORG_APPLICATION_STATUSES);

export const orgApplicationRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('establish'),
    /** The union above the new base union: it decides. */
    parentId: z.string().min(1).max(20),
    fields: orgFieldsSchema.extend({ creditCode: creditCodeSchema }),
    note: optionalText(500),
  }),
  z.strictObject({
    kind: z.literal('change'),
    orgId: z.string().min(1).max(20),
    fields: orgFieldsSchema.partial().strict(),
    note: optionalText(500),
  }),
  z.strictObject({
    kind: z.literal('deregister'),
    orgId: z.string().min(1).max(20),
    /** Hold every remaining member at the upper union in the same step as the deregistration. */
    holdMembersAtParent: z.boolean().default(false),
    note: optionalText(500),
  }),
]);
export type OrgApplicationRequest = z.infer<typeof orgApplicationRequestSchema>;

export const orgDecisionRequestSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().trim().max(500).optional(),
}).refine((v) => v.decision === 'approve' || (v.reason && v.reason.length >= 2), {
  message: '驳回须填写理由 / A rejection needs a reason',
  path: ['reason'],
});

export const orgApplicationSchema = z.object({
  id: z.string(),
  kind: orgApplicationKindSchema,
  status: orgApplicationStatusSchema,
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  parentId: z.string(),
  parentName: z.string(),
  fields: z.record(z.string(), z.unknown()),
  holdMembersAtParent: z.boolean(),
  note: z.string().nullable(),
  applicant: z.string(),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  /** Whether the admin asking may approve or reject it (they sit at the deciding level or above). */
  canDecide: z.boolean(),
  /** Working days the application has waited (pending) or waited before the decision. */
  waitingWorkingDays: z.number().int(),
});
export type OrgApplication = z.infer<typeof orgApplicationSchema>;
export const orgApplicationQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  status: orgApplicationStatusSchema.optional(),
  kind: orgApplicationKindSchema.optional(),
});

export const orgHistoryEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(['created', 'established', 'changed', 'deregistered', 'edited']),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  actor: z.string().nullable(),
  applicationId: z.string().nullable(),
  at: z.string(),
});
export type OrgHistoryEntry = z.infer<typeof orgHistoryEntrySchema>;

export const orgWithHistorySchema = z.object({
  org: orgNodeSchema,
  history: z.array(orgHistoryEntrySchema),
});
