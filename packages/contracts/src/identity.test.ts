import { describe, expect, it } from 'vitest';
import { idCheckChar, isValidCreditCode, maskIdNumber, maskPhone, normalizePhone, parseIdNumber, passwordSchema, phoneSchema } from './identity.js';

const valid = (first17: string) => first17 + idCheckChar(first17);

describe('parseIdNumber (GB 11643-1999)', () => {
  it('accepts a valid number and derives gender and birth date', () => {
    const id = valid('44010619860512135');
    const r = parseIdNumber(id);
    expect(r).toEqual({ ok: true, idNumber: id, gender: 'male', birthDate: '1986-05-12', provinceCode: '44' });
  });
  it('rejects a wrong check character', () => {
    const id = valid('44010619860512135');
    const wrong = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    expect(parseIdNumber(wrong)).toMatchObject({ ok: false, reasonEn: 'the check character is wrong' });
  });
  it('normalises lowercase x and full-width digits', () => {
    // 11010519491231002X is the standard's own example.
    expect(parseIdNumber('11010519491231002x')).toMatchObject({ ok: true, idNumber: '11010519491231002X', gender: 'female' });
    expect(parseIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
  });
  it('upgrades a 15-digit number to 18', () => {
    expect(parseIdNumber('110105491231002')).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
  });
  it('rejects impossible and future birth dates and unknown regions', () => {
    expect(parseIdNumber(valid('44010619860230135'))).toMatchObject({ ok: false, reasonEn: 'the birth date does not exist' });
    expect(parseIdNumber(valid('44010620990101135'), new Date('2026-01-01'))).toMatchObject({ ok: false, reasonEn: 'the birth date is in the future' });
    expect(parseIdNumber(valid('99010619860512135'))).toMatchObject({ ok: false, reasonEn: 'unknown region code' });
    expect(parseIdNumber('4401061986')).toMatchObject({ ok: false });
  });
});

describe('credit codes (GB 32100-2015)', () => {
  it('accepts the standard example and rejects a changed check character', () => {
    expect(isValidCreditCode('91440300708461136T')).toBe(true);
    expect(isValidCreditCode('91440300708461136U')).toBe(false);
    expect(isValidCreditCode('91440300708461136')).toBe(false);
    expect(isValidCreditCode('9144030070846113IT')).toBe(false); // I is not in the character set
  });
});

describe('phones, passwords and masks', () => {
  it('normalises and validates mainland mobiles', () => {
    expect(normalizePhone('+86 138-0013-8000')).toBe('13800138000');
    expect(phoneSchema.safeParse('13800138000').success).toBe(true);
    expect(phoneSchema.safeParse('12800138000').success).toBe(false);
    expect(phoneSchema.safeParse('1380013800').success).toBe(false);
  });
  it('requires letters and digits in passwords', () => {
    expect(passwordSchema.safeParse('abcdefgh').success).toBe(false);
    expect(passwordSchema.safeParse('12345678').success).toBe(false);
    expect(passwordSchema.safeParse('abc12345').success).toBe(true);
  });
  it('masks as the brief shows', () => {
    expect(maskIdNumber('440106198605121357')).toBe('440***********1357');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
