/** Glue between the contract schemas, antd forms and the server's field issues. */
import type { FormInstance, FormRule } from 'antd';
import type { Lang } from '@gonghui/contracts';
import { pickLang, translate } from './i18n';
import type { ApiError, SchemaLike, ZodLikeIssue } from './api-client';

function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return null;
}

/** A person-readable message for one schema issue, in `lang`. */
export function issueMessage(issue: ZodLikeIssue, lang: Lang, value?: unknown): string {
  // Messages written for people in the shared schemas are "中文 / English".
  if (issue.message.includes(' / ')) return pickLang(issue.message, lang);
  const isArray = issue.origin === 'array' || issue.origin === 'set';
  const min = asNumber(issue.minimum);
  const max = asNumber(issue.maximum);
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined || value === null || value === ''
        ? translate(lang, 'errors.required')
        : translate(lang, 'errors.invalid');
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
export function applyServerIssues(form: FormInstance, error: ApiError, fields: readonly string[], lang: Lang): string[] {
  const leftOver: string[] = [];
  const byField = new Map<string, string[]>();
  for (const issue of error.issues) {
    const field = issue.path.split('.')[0] ?? '';
    const message = pickLang(issue.message, lang);
    if (fields.includes(field)) byField.set(field, [...(byField.get(field) ?? []), message]);
    else leftOver.push(issue.path ? `${issue.path}: ${message}` : message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return leftOver;
}
