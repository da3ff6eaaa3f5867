import { describe, expect, it } from 'vitest';
import { PROBLEM_MESSAGES, convertCell, dateCell, exceljsDateToIso, formatNumber, headerKey, parseDateText, serialToIsoDate, type RawCell } from './cell-converter.js';

const text = (t: string): RawCell => ({ type: 'text', text: t });
const num = (value: number): RawCell => ({ type: 'number', value });

describe('serialToIsoDate', () => {
  it('converts serial days, dropping the time of day without rounding up', () => {
    expect(serialToIsoDate(32874)).toBe('1990-01-01');
    expect(serialToIsoDate(45657.9791666667)).toBe('2024-12-31'); // 23:30
    expect(serialToIsoDate(36525.9999884259)).toBe('1999-12-31'); // 23:59:59
    expect(serialToIsoDate(25569)).toBe('1970-01-01');
  });

  it("follows Excel's fake 29 Feb 1900", () => {
    expect(serialToIsoDate(1)).toBe('1900-01-01');
    expect(serialToIsoDate(59)).toBe('1900-02-28');
    expect(serialToIsoDate(60)).toBeNull();
    expect(serialToIsoDate(61)).toBe('1900-03-01');
    expect(serialToIsoDate(0)).toBeNull();
  });

  it('supports the 1904 date system', () => {
    expect(serialToIsoDate(0, true)).toBe('1904-01-01');
    expect(serialToIsoDate(31412, true)).toBe('1990-01-01');
  });

  it('inverts exceljs date conversion exactly', () => {
    // exceljs: new Date(Math.round((serial - 25569) * 86400000)), a UTC instant.
    const fromExceljs = (serial: number) => new Date(Math.round((serial - 25569) * 86_400_000));
    expect(exceljsDateToIso(fromExceljs(32874))).toBe('1990-01-01');
    expect(exceljsDateToIso(fromExceljs(59))).toBe('1900-02-28');
    expect(exceljsDateToIso(fromExceljs(36525.9999884259))).toBe('1999-12-31');
  });
});

describe('parseDateText', () => {
  it.each([
    ['1990-01-05', '1990-01-05'],
    ['1990-1-5', '1990-01-05'],
    ['1990/1/5', '1990-01-05'],
    ['1990/01/05 0:00', '1990-01-05'],
    ['1990.1.5', '1990-01-05'],
    ['1990年1月5日', '1990-01-05'],
    ['1990 年 1 月 5 日', '1990-01-05'],
    ['１９９０年１月５日', '1990-01-05'],
    ['19900105', '1990-01-05'],
    ['32878', '1990-01-05'],
    ['2000-02-29', '2000-02-29'],
  ])('%s → %s', (input, expected) => {
    expect(parseDateText(input)).toBe(expected);
  });

  it.each(['1990-13-01', '2021-02-29', '1990/1-5', '1990', '明年', '05/01/1990', '19901301', ''])('rejects %j', (input) => {
    expect(parseDateText(input)).toBeNull();
  });
});

describe('formatNumber', () => {
  it('never uses exponent notation', () => {
    expect(formatNumber(13800138000)).toBe('13800138000');
    expect(formatNumber(1e22)).toBe('10000000000000000000000');
    expect(formatNumber(4.40106199001011e17)).toBe('440106199001011000');
    expect(formatNumber(1.23e-7)).toBe('0.000000123');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(-2.5)).toBe('-2.5');
  });
});

describe('convertCell', () => {
  it('id-number: text is kept, a 15-digit number is exact, longer or fractional numbers were rounded', () => {
    expect(convertCell(text(' 11010519491231002X '), 'id-number')).toEqual({ value: '11010519491231002X' });
    expect(convertCell(num(440106900101123), 'id-number')).toEqual({ value: '440106900101123' });
    // An 18-digit ID as a double (Excel itself keeps only 15 digits: 440106199001011000).
    expect(convertCell(num(Number('440106199001011234')), 'id-number')).toEqual({ value: '440106199001011260', problem: PROBLEM_MESSAGES.roundedIdNumber });
    expect(convertCell(num(1e15), 'id-number').problem).toBe(PROBLEM_MESSAGES.roundedIdNumber);
    expect(convertCell(num(44010619991231.5), 'id-number').problem).toBe(PROBLEM_MESSAGES.roundedIdNumber);
    expect(convertCell(text('4.40106E+17'), 'id-number')).toEqual({ value: '4.40106E+17', problem: PROBLEM_MESSAGES.roundedIdNumber });
  });

  it('date: date cells, serials, YYYYMMDD numbers and text; bad values keep their text', () => {
    expect(convertCell({ type: 'date', iso: '1990-01-05' }, 'date')).toEqual({ value: '1990-01-05' });
    expect(convertCell(num(42005), 'date')).toEqual({ value: '2015-01-01' });
    expect(convertCell(num(19900105), 'date')).toEqual({ value: '1990-01-05' });
    expect(convertCell(num(1990), 'date')).toEqual({ value: '1990', problem: PROBLEM_MESSAGES.unrecognisedDate });
    expect(convertCell(text('明年'), 'date')).toEqual({ value: '明年', problem: PROBLEM_MESSAGES.unrecognisedDate });
  });

  it('integer and boolean', () => {
    expect(convertCell(num(3), 'integer')).toEqual({ value: '3' });
    expect(convertCell(text('1,024'), 'integer')).toEqual({ value: '1024' });
    expect(convertCell(text('+007'), 'integer')).toEqual({ value: '7' });
    expect(convertCell(text('12.0'), 'integer')).toEqual({ value: '12' });
    expect(convertCell(num(2.5), 'integer').problem).toBe(PROBLEM_MESSAGES.notInteger);
    expect(convertCell(text('abc'), 'integer').problem).toBe(PROBLEM_MESSAGES.notInteger);
    for (const yes of ['是', 'TRUE', 'true', '1', 'Y', 'yes']) expect(convertCell(text(yes), 'boolean')).toEqual({ value: 'true' });
    for (const no of ['否', 'False', '0', 'n', 'NO']) expect(convertCell(text(no), 'boolean')).toEqual({ value: 'false' });
    expect(convertCell(num(1), 'boolean')).toEqual({ value: 'true' });
    expect(convertCell({ type: 'boolean', value: false }, 'boolean')).toEqual({ value: 'false' });
    expect(convertCell(text('也许'), 'boolean').problem).toBe(PROBLEM_MESSAGES.notBoolean);
  });

  it('a date cell that is no real day (serial 0, 60) is a problem in a date column', () => {
    expect(convertCell(dateCell(0, false), 'date')).toEqual({ value: '0', problem: PROBLEM_MESSAGES.unrecognisedDate });
    expect(convertCell(dateCell(60, false), 'date').problem).toBe(PROBLEM_MESSAGES.unrecognisedDate);
    expect(convertCell(dateCell(32874, false), 'text')).toEqual({ value: '1990-01-01' });
  });

  it('blank is null for every kind; error cells are problems', () => {
    for (const kind of ['text', 'date', 'id-number', 'integer', 'boolean'] as const) {
      expect(convertCell({ type: 'empty' }, kind)).toEqual({ value: null });
      expect(convertCell(text('   '), kind)).toEqual({ value: null });
    }
    expect(convertCell({ type: 'error', code: '#N/A' }, 'text')).toEqual({ value: null, problem: PROBLEM_MESSAGES.errorValue('#N/A') });
  });
});

describe('headerKey', () => {
  it('ignores spaces of every width, case, full-width forms and * markers', () => {
    expect(headerKey('身份证\u3000号码 ')).toBe(headerKey('身份证号码'));
    expect(headerKey('*身份证号码')).toBe(headerKey('身份证号码'));
    expect(headerKey('ID  Number')).toBe(headerKey('id number'));
    expect(headerKey('ＩＤ number')).toBe(headerKey('ID number'));
    expect(headerKey('姓名（必填）')).toBe(headerKey('姓名(必填)'));
  });
});
