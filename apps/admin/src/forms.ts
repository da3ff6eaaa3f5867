/** Glue between the contract schemas, antd forms and the server's field issues. */
import type { FormInstance, FormRule } from 'antd';
import type { Lang } from '@gonghui/contracts';
import { pickLang, splitBilingual, translate } from './i18n';
import { ApiError, isApiError } from './api-client';
import type { ApiErrorCode, SchemaLike, ZodLikeIssue } from './api-client';

function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return null;
}

/** A person-readable message for one schema issue, in `lang`. */
/** The message of a failed validation's first issue, for a form-level error. */
export function firstIssueMessage(error: { issues: readonly ZodLikeIssue[] }, lang: Lang, value?: unknown): string {
  const first = error.issues[0];
  return first ? issueMessage(first, lang, value) : translate(lang, 'errors.invalid');
}

export function issueMessage(issue: ZodLikeIssue, lang: Lang, value?: unknown): string {
  // Messages written for people in the shared schemas are "中文 / English".
  if (splitBilingual(issue.message)) return pickLang(issue.message, lang);
  const isArray = issue.origin === 'array' || issue.origin === 'set';
  const min = asNumber(issue.minimum);
  const max = asNumber(issue.maximum);
  const empty = value === undefined || value === null || value === '';
  switch (issue.code) {
    case 'invalid_type':
    case 'invalid_value': // an enum (a choice) left empty
    case 'invalid_union':
      return empty ? translate(lang, 'errors.required') : translate(lang, 'errors.invalid');
    case 'too_small':
      if (min !== null && min <= 1) return translate(lang, isArray ? 'errors.requiredChoice' : 'errors.required');
      return translate(lang, isArray ? 'errors.tooFew' : 'errors.tooShort', { min: min ?? 0 });
    case 'too_big':
      return translate(lang, isArray ? 'errors.tooMany' : 'errors.tooLong', { max: max ?? 0 });
    default:
      return translate(lang, 'errors.invalid');
  }
}

export interface SchemaRuleOptions {
  /** Treat '' (and whitespace) as "not given", for optional fields. */
  emptyAsUndefined?: boolean;
}

/** An antd form rule that validates one field with (a part of) a contract schema. */
export function schemaRule(schema: SchemaLike<unknown>, lang: Lang, options: SchemaRuleOptions = {}): FormRule {
  return {
    validator: async (_rule, raw: unknown) => {
      const value = options.emptyAsUndefined && typeof raw === 'string' && raw.trim() === '' ? undefined : raw;
      const result = schema.safeParse(value);
      if (result.success) return;
      const first = result.error.issues[0];
      throw new Error(first ? issueMessage(first, lang, value) : translate(lang, 'errors.invalid'));
    },
  };
}

/**
 * Put the server's field issues on the matching form fields. Returns the issues that have no
 * field in `fields`, for showing elsewhere.
 */
export function applyServerIssues(
  form: FormInstance,
  error: ApiError,
  fields: readonly string[],
  lang: Lang,
  /** Dotted prefixes the form flattens away, e.g. `fields.` of an application's nested fields. */
  stripPrefixes: readonly string[] = [],
): string[] {
  const leftOver: string[] = [];
  const byField = new Map<string, string[]>();
  for (const issue of error.issues) {
    const prefix = stripPrefixes.find((p) => issue.path.startsWith(p));
    const path = prefix ? issue.path.slice(prefix.length) : issue.path;
    const field = path.split('.')[0] ?? '';
    const message = pickLang(issue.message, lang);
    if (fields.includes(field)) byField.set(field, [...(byField.get(field) ?? []), message]);
    else leftOver.push(issue.path ? `${issue.path}: ${message}` : message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return leftOver;
}

export interface FormErrorOptions {
  /** The form's field names that server issues may land on. */
  fields: readonly string[];
  lang: Lang;
  /** Error codes that belong to one field (e.g. CREDIT_CODE_TAKEN on creditCode). */
  codeFields?: Partial<Record<ApiErrorCode, string>>;
  stripPrefixes?: readonly string[];
}

/**
 * Show a failed submit: on the field it belongs to when there is one, otherwise as the text to put
 * in the form's alert (returned; null when everything landed on fields).
 */
export function showFormError(form: FormInstance, error: unknown, options: FormErrorOptions): string | null {
  const apiError = isApiError(error) ? error : new ApiError(0, 'NETWORK_ERROR', translate(options.lang, 'errors.network'));
  const field = options.codeFields?.[apiError.code];
  if (field) {
    form.setFields([{ name: field, errors: [apiError.message] }]);
    return null;
  }
  if (apiError.issues.length) {
    const rest = applyServerIssues(form, apiError, options.fields, options.lang, options.stripPrefixes);
    return rest.length ? `${apiError.message}（${rest.join('; ')}）` : null;
  }
  return apiError.message;
}

/** '' and whitespace-only text as null (cleared), other text trimmed. */
export function blankToNull(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
