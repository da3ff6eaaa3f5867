/**
 * Identity rules shared by both apps and the server: phone numbers, passwords and the resident ID
 * number of GB 11643-1999.
 */
import { z } from 'zod';

/** Mainland mobile numbers: 11 digits starting 13–19. Spaces, dashes and a +86 prefix are dropped. */
export function normalizePhone(input: string): string {
  return input.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
}
export const PHONE_RE = /^1[3-9]\d{9}$/;
export const phoneSchema = z
  .string()
  .max(20)
  .transform(normalizePhone)
  .refine((v) => PHONE_RE.test(v), { message: '手机号格式不正确 / Not a valid mainland mobile number' });

/** 8–64 characters with at least one letter and one digit. */
export const passwordSchema = z
  .string()
  .min(8, { message: '密码至少 8 位 / At least 8 characters' })
  .max(64, { message: '密码最多 64 位 / At most 64 characters' })
  .refine((v) => /[A-Za-z]/.test(v) && /\d/.test(v), {
    message: '密码需同时包含字母和数字 / Must contain letters and digits',
  });

export const smsCodeSchema = z.string().regex(/^\d{6}$/, { message: '验证码为 6 位数字 / The code is 6 digits' });
export const totpCodeSchema = z.string().regex(/^\d{6}$/, { message: '动态码为 6 位数字 / The code is 6 digits' });

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
/** Province-level codes (first two digits) of GB/T 2260. */
export const PROVINCE_CODES: Record<string, string> = {
  '11': '北京', '12': '天津', '13': '河北', '14': '山西', '15': '内蒙古',
  '21': '辽宁', '22': '吉林', '23': '黑龙江',
  '31': '上海', '32': '江苏', '33': '浙江', '34': '安徽', '35': '福建', '36': '江西', '37': '山东',
  '41': '河南', '42': '湖北', '43': '湖南', '44': '广东', '45': '广西', '46': '海南',
  '50': '重庆', '51': '四川', '52': '贵州', '53': '云南', '54': '西藏',
  '61': '陕西', '62': '甘肃', '63': '青海', '64': '宁夏', '65': '新疆',
  '71': '台湾', '81': '香港', '82': '澳门', '83': '台湾',
};

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

export type IdNumberResult =
  | { ok: true; idNumber: string; gender: 'male' | 'female'; birthDate: string; provinceCode: string }
  | { ok: false; reason: string; reasonEn: string };

function toHalfWidth(s: string): string {
  return s.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * Validate and normalise an ID number: full-width digits to half-width, x to X, 15 digits upgraded
 * to 18 (born in the 1900s), then structure, province, birth date and check character.
 */
export function parseIdNumber(input: string, today: Date = new Date()): IdNumberResult {
  let id = toHalfWidth(input.trim()).replace(/\s/g, '').toUpperCase();
  if (/^\d{15}$/.test(id)) {
    const first17 = `${id.slice(0, 6)}19${id.slice(6)}`;
    id = first17 + idCheckChar(first17);
  }
  if (!/^\d{17}[\dX]$/.test(id)) {
    return { ok: false, reason: '应为 18 位（最后一位可为 X）', reasonEn: 'must be 18 characters, the last a digit or X' };
  }
  const provinceCode = id.slice(0, 2);
  if (!PROVINCE_CODES[provinceCode]) {
    return { ok: false, reason: '地区代码不存在', reasonEn: 'unknown region code' };
  }
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) {
    return { ok: false, reason: '出生日期不存在', reasonEn: 'the birth date does not exist' };
  }
  if (birth.getTime() > today.getTime()) {
    return { ok: false, reason: '出生日期在未来', reasonEn: 'the birth date is in the future' };
  }
  if (idCheckChar(id.slice(0, 17)) !== id[17]) {
    return { ok: false, reason: '校验位错误', reasonEn: 'the check character is wrong' };
  }
  return {
    ok: true,
    idNumber: id,
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    provinceCode,
  };
}

/** Masks for display: 440***********1234 and 138****5678. */
export function maskIdNumber(id: string): string {
  return id.length <= 7 ? '*'.repeat(id.length) : `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}
export function maskPhone(phone: string): string {
  return phone.length < 7 ? '*'.repeat(phone.length) : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** GB 32100-2015 unified social credit code: 18 characters from a 31-character set. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * CREDIT_WEIGHTS[i]!;
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]!;
}

export function isValidCreditCode(input: string): boolean {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return false;
  const check = creditCodeCheckChar(code.slice(0, 17));
  return check !== null && check === code[17];
}
