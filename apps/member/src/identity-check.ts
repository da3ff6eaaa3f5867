/** Client checks of a name + ID number pair, with the same rules the server applies. */
import { parseIdNumber, verificationRequestSchema, type Lang } from '@gonghui/contracts';
import { checkField, type FieldErrors } from './form';
import { translate } from './i18n';

export type IdentityField = 'name' | 'idNumber';

export type IdentityCheck =
  | { ok: true; name: string; idNumber: string }
  | { ok: false; errors: FieldErrors<IdentityField> };

export function checkIdentity(values: { name: string; idNumber: string }, lang: Lang): IdentityCheck {
  const errors: FieldErrors<IdentityField> = {};
  const name = checkField(verificationRequestSchema.shape.name, values.name, lang, translate(lang, 'validation.nameRequired'));
  if (!name.ok) errors.name = name.error;
  let idNumber = '';
  if (values.idNumber.trim() === '') {
    errors.idNumber = translate(lang, 'validation.idNumberRequired');
  } else {
    const parsed = parseIdNumber(values.idNumber);
    if (parsed.ok) idNumber = parsed.idNumber;
    else errors.idNumber = translate(lang, 'validation.idNumberInvalid', { reason: lang === 'en' ? parsed.reasonEn : parsed.reason });
  }
  if (!name.ok || errors.idNumber) return { ok: false, errors };
  return { ok: true, name: name.value, idNumber };
}

/** Keeps what may be part of an ID number (digits, x/X, full-width digits) as it is typed. */
export function cleanIdInput(value: string): string {
  return value.replace(/[^\dxX\uFF10-\uFF19\uFF38\uFF58]/g, '').slice(0, 18);
}
