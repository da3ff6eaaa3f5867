/**
 * Turns one raw cell (as xlsx or CSV gave it) into the string the import code sees, or a problem.
 * Both readers reduce their cells to RawCell first, so xlsx and CSV follow exactly the same rules.
 */

/** A cell as the file stored it, before any column kind is applied. */
export type RawCell =
  | { type: 'empty' }
  | { type: 'text'; text: string }
  | { type: 'number'; value: number }
  /** A date cell, already reduced to a calendar day: time of day is dropped, never rounded up. */
  | { type: 'date'; iso: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'error'; code: string };

export type ColumnKind = 'text' | 'date' | 'id-number' | 'integer' | 'boolean';

export const EMPTY_CELL: RawCell = Object.freeze({ type: 'empty' });

/** Cell problem messages ('zh / en'); exported so callers and tests can recognise them. */
export const PROBLEM_MESSAGES = {
  unrecognisedDate: '日期无法识别 / Unrecognised date',
  roundedIdNumber:
    '身份证号码被 Excel 当作数字保存，后几位已被舍入，请将该列设为文本格式后重新填写 / Excel stored the ID number as a number and rounded its last digits; format the column as text and enter it again',
  notInteger: '不是有效的整数 / Not a whole number',
  notBoolean: '应填写“是”或“否” / Expected yes or no',
  required: '必填项为空 / Required value is missing',
  errorValue: (code: string) =>
    code ? `单元格是错误值 ${code} / The cell holds the error value ${code}` : '单元格是错误值 / The cell holds an error value',
} as const;

export interface ConvertedCell {
  value: string | null;
  problem?: string;
}

const MS_PER_DAY = 86_400_000;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
// 9999-12-31, the last day Excel can show.
const MAX_SERIAL = 2_958_465;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isoFromUtcMs(ms: number): string | null {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  if (Number.isNaN(y) || y < 1000 || y > 9999) return null;
  return `${y}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/**
 * An Excel serial day number to YYYY-MM-DD. Pure arithmetic in UTC, so the server's time zone can never
 * shift the day. The time of day is dropped (floor after rounding to the millisecond, as Excel does),
 * so 23:59:59 stays on its own day. In the 1900 system Excel counts a 29 Feb 1900 that never existed:
 * serials below 60 are one day later than plain arithmetic says, and 60 itself is no real date.
 */
export function serialToIsoDate(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial)) return null;
  let days = Math.floor(Math.round(serial * MS_PER_DAY) / MS_PER_DAY);
  if (date1904) {
    if (days < 0 || days > MAX_SERIAL - 1462) return null;
    days += 1462;
  } else {
    if (days < 1 || days > MAX_SERIAL || days === 60) return null;
    if (days < 60) days += 1;
  }
  return isoFromUtcMs(EXCEL_EPOCH_MS + days * MS_PER_DAY);
}

/**
 * exceljs turns a date cell into a JS Date by plain arithmetic on the serial, read as UTC. Going back to
 * the serial and through serialToIsoDate applies the 1900 leap-year correction exactly once.
 */
export function exceljsDateToSerial(d: Date, date1904 = false): number {
  return (d.getTime() - EXCEL_EPOCH_MS) / MS_PER_DAY - (date1904 ? 1462 : 0);
}

export function exceljsDateToIso(d: Date, date1904 = false): string | null {
  return serialToIsoDate(exceljsDateToSerial(d, date1904), date1904);
}

/** A number shown with a date format. One that is no real day (0, 60, negative) stays a number. */
export function dateCell(serial: number, date1904: boolean): RawCell {
  const iso = serialToIsoDate(serial, date1904);
  return iso ? { type: 'date', iso } : { type: 'number', value: serial };
}

function isoFromParts(y: number, m: number, d: number): string | null {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return null;
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2021-02-30 over to March: a round trip that changes the day means it did not exist.
  if (back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

const SEPARATED_DATE = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const CHINESE_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
// Five digits only: 10000 is 1927-05-18. A four-digit "1990" is far likelier a bare year than a serial.
const SERIAL_TEXT = /^\d{5}(\.\d+)?$/;
// Excel writes date-times into CSV as "1990/1/5 0:00"; the time part carries no day information.
const TIME_SUFFIX = /[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** Text in one of the accepted date forms to YYYY-MM-DD, or null. Full-width digits are accepted. */
export function parseDateText(input: string): string | null {
  let s = input.normalize('NFKC').trim();
  s = s.replace(TIME_SUFFIX, '').replace(/\s+/g, '');
  let m = SEPARATED_DATE.exec(s);
  if (m) return isoFromParts(Number(m[1]), Number(m[3]), Number(m[4]));
  m = CHINESE_DATE.exec(s) ?? COMPACT_DATE.exec(s);
  if (m) return isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  if (SERIAL_TEXT.test(s)) return serialToIsoDate(Number(s));
  return null;
}

function numberToIsoDate(n: number, date1904: boolean): string | null {
  // 19900105 typed into a General cell: read it as YYYYMMDD (as a serial it would be the year 56000).
  if (Number.isInteger(n) && n >= 10_000_101 && n <= 99_991_231) {
    return isoFromParts(Math.floor(n / 10_000), Math.floor(n / 100) % 100, n % 100);
  }
  if (n < 10_000) return null;
  return serialToIsoDate(n, date1904);
}

/**
 * A number as plain digits, never "1e+21" or "1.23e-7". Non-integers are cut to 15 significant digits,
 * Excel's own precision, so float noise from formulas (0.30000000000000004) does not leak out.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  const rounded = Number(n.toPrecision(15));
  const s = String(rounded);
  if (!/e/i.test(s)) return s;
  // Only tiny magnitudes get here (large ones are integers): toFixed(20) reaches 1e-20, then trim zeros.
  return rounded.toFixed(20).replace(/\.?0+$/, '');
}

const EXPONENT_TEXT = /^[+-]?\d+(\.\d+)?[eE][+-]?\d+$/;
const TRUE_WORDS = new Set(['是', 'true', '1', 'y', 'yes', 't']);
const FALSE_WORDS = new Set(['否', 'false', '0', 'n', 'no', 'f']);

/** The plain text of a raw cell (trimmed, null when blank); used for headers and 'text' columns. */
export function cellText(raw: RawCell): string | null {
  switch (raw.type) {
    case 'empty':
      return null;
    case 'text': {
      const t = raw.text.trim();
      return t === '' ? null : t;
    }
    case 'number':
      return formatNumber(raw.value);
    case 'date':
      return raw.iso;
    case 'boolean':
      return raw.value ? 'true' : 'false';
    case 'error':
      return null;
  }
}

export function isBlank(raw: RawCell): boolean {
  return raw.type === 'empty' || (raw.type === 'text' && raw.text.trim() === '');
}

/** Apply a column kind to a raw cell. date1904 only matters for numbers read as serial days. */
export function convertCell(raw: RawCell, kind: ColumnKind, date1904 = false): ConvertedCell {
  if (raw.type === 'error') return { value: null, problem: PROBLEM_MESSAGES.errorValue(raw.code) };
  const text = cellText(raw);
  if (text === null) return { value: null };
  switch (kind) {
    case 'text':
      return { value: text };
    case 'date': {
      let iso: string | null;
      if (raw.type === 'date') iso = raw.iso;
      else if (raw.type === 'number') iso = numberToIsoDate(raw.value, date1904);
      else iso = parseDateText(text);
      return iso ? { value: iso } : { value: text, problem: PROBLEM_MESSAGES.unrecognisedDate };
    }
    case 'id-number': {
      // A number cell of 16+ digits, or with a fraction, cannot be an exact ID: Excel keeps 15 significant
      // digits, so an 18-digit ID typed into a General cell has already lost its tail. 15 digits are exact.
      if (raw.type === 'number' && (Math.abs(raw.value) >= 1e15 || !Number.isInteger(raw.value))) {
        return { value: text, problem: PROBLEM_MESSAGES.roundedIdNumber };
      }
      // The same number, copied as the text Excel displays for it ("4.40106E+17").
      if (EXPONENT_TEXT.test(text)) return { value: text, problem: PROBLEM_MESSAGES.roundedIdNumber };
      return { value: text };
    }
    case 'integer': {
      if (raw.type === 'number') {
        return Number.isInteger(raw.value) ? { value: text } : { value: text, problem: PROBLEM_MESSAGES.notInteger };
      }
      if (raw.type !== 'text') return { value: text, problem: PROBLEM_MESSAGES.notInteger };
      let s = text.normalize('NFKC').replace(/\s+/g, '');
      if (/^[+-]?\d{1,3}(,\d{3})+$/.test(s)) s = s.replace(/,/g, '');
      const m = /^([+-]?\d+)(\.0+)?$/.exec(s);
      return m?.[1] ? { value: BigInt(m[1]).toString() } : { value: text, problem: PROBLEM_MESSAGES.notInteger };
    }
    case 'boolean': {
      if (raw.type === 'boolean') return { value: text };
      const word = text.normalize('NFKC').toLowerCase();
      if (TRUE_WORDS.has(word)) return { value: 'true' };
      if (FALSE_WORDS.has(word)) return { value: 'false' };
      return { value: text, problem: PROBLEM_MESSAGES.notBoolean };
    }
  }
}

/**
 * Header comparison key: NFKC (full-width letters, digits and brackets become half-width), no
 * whitespace at all (half-width, full-width U+3000, no-break), no '*' required-markers at either
 * end, lower case. '身份证号码', '身份证<U+3000>号码', '*身份证号码' and 'ID number' vs 'id  NUMBER' match.
 */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^\*+|\*+$/g, '')
    .toLowerCase();
}
