/** Client-side checks with the shared zod schemas, and server errors mapped onto form fields. */
import type { Lang } from '@gonghui/contracts';
import { ApiError, errorMessage } from './api-client';
import { localizeBilingual } from './i18n';

/** The part of a zod schema the forms use (keeps this file free of a direct zod import). */
export interface SafeParser<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ message: string }> } };
}

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; error: string };

/** Empty → `requiredMessage`; otherwise the schema's first message in the UI language. */
export function checkField<T>(schema: SafeParser<T>, raw: string, lang: Lang, requiredMessage: string): FieldCheck<T> {
  if (raw.trim() === '') return { ok: false, error: requiredMessage };
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const first = result.error.issues[0];
  return { ok: false, error: first ? localizeBilingual(first.message, lang) : requiredMessage };
}

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** Splits an error into messages for known fields and one message for the whole form. */
export function splitApiError<F extends string>(
  error: unknown,
  fields: readonly F[],
  lang: Lang,
): { fieldErrors: FieldErrors<F>; message: string } {
  const fieldErrors: FieldErrors<F> = {};
  if (error instanceof ApiError) {
    for (const issue of error.issues) {
      const name = issue.path.split('.').pop() ?? '';
      const field = fields.find((f) => f === name);
      if (field && !fieldErrors[field]) fieldErrors[field] = localizeBilingual(issue.message, lang);
    }
  }
  return { fieldErrors, message: errorMessage(error) };
}
