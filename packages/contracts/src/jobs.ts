/** Background jobs (imports) with progress a person can watch, and the Excel/CSV kinds. */
import { z } from 'zod';

export const SHEET_KINDS = ['orgs', 'members', 'cadres'] as const;
export const sheetKindSchema = z.enum(SHEET_KINDS);
export type SheetKind = z.infer<typeof sheetKindSchema>;

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export const jobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  /** For imports: which database the file feeds. */
  sheet: sheetKindSchema.nullable(),
  status: z.enum(JOB_STATUSES),
  fileName: z.string().nullable(),
  total: z.number().int().nullable(),
  processed: z.number().int(),
  imported: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  hasErrorFile: z.boolean(),
  message: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof jobSchema>;

export const jobQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  sheet: sheetKindSchema.optional(),
});
