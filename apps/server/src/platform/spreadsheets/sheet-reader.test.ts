import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PROBLEM_MESSAGES, SpreadsheetError, readSheetRows, type ColumnSpec, type HeaderInfo, type SheetRow } from './sheet-reader.js';

// Made by scripts/make-spreadsheet-fixtures.sh (LibreOffice); committed, so CI needs no LibreOffice.
const FIXTURES = fileURLToPath(new URL('../../../test-fixtures/spreadsheets/', import.meta.url));
const fixture = (name: string) => path.join(FIXTURES, name);

const MEMBER_COLUMNS: ColumnSpec[] = [
  { key: 'name', header: '姓名', aliases: ['Name'], kind: 'text', required: true },
  { key: 'idNumber', header: '身份证号码', aliases: ['ID number'], kind: 'id-number', required: true },
  { key: 'gender', header: '性别', aliases: ['Gender'], kind: 'text' },
  { key: 'birthDate', header: '出生日期', aliases: ['Date of birth'], kind: 'date' },
  { key: 'joinDate', header: '入会日期', aliases: ['Join date'], kind: 'date' },
  { key: 'mobile', header: '手机号码', aliases: ['Mobile'], kind: 'text' },
  { key: 'party', header: '是否党员', aliases: ['Party member'], kind: 'boolean' },
  { key: 'household', header: '家庭人口', aliases: ['Household size'], kind: 'integer' },
  { key: 'remarks', header: '备注', aliases: ['Remarks'], kind: 'text' },
  { key: 'address', header: '地址', aliases: ['Address'], kind: 'text' },
];

async function readAll(file: string, format: 'xlsx' | 'csv', columns = MEMBER_COLUMNS): Promise<{ rows: SheetRow[]; header: HeaderInfo | null }> {
  const rows: SheetRow[] = [];
  let header: HeaderInfo | null = null;
  for await (const row of readSheetRows({ path: file, format }, { columns, onHeader: (h) => (header = h) })) rows.push(row);
  return { rows, header };
}

const pick = (row: SheetRow | undefined, ...keys: string[]) => Object.fromEntries(keys.map((k) => [k, row?.values[k]]));

describe('xlsx with ID numbers as text and real dates (LibreOffice)', () => {
  it('matches the Chinese headers (one with a full-width space), ignores unknown columns, reads only the first sheet', async () => {
    const { rows, header } = await readAll(fixture('members-text-ids.xlsx'), 'xlsx');
    expect(header).toEqual({
      rowNumber: 1,
      matched: expect.objectContaining({ name: '姓　名', idNumber: '身份证号码', birthDate: '出生日期' }),
      ignored: ['内部编号'],
      absent: ['address'],
    });
    expect(rows.map((r) => r.values.name)).toEqual(['张三', '李四', '王五', '赵六', '钱七']);
  });

  it('skips the styled-but-empty row 4 and the missing row 7, keeping real row numbers', async () => {
    const { rows } = await readAll(fixture('members-text-ids.xlsx'), 'xlsx');
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 3, 5, 6, 8]);
  });

  it('reads date cells without an off-by-one: plain, yyyy年m月d日, formula =DATE(), and times before midnight', async () => {
    const { rows } = await readAll(fixture('members-text-ids.xlsx'), 'xlsx');
    expect(rows.map((r) => pick(r, 'birthDate', 'joinDate'))).toEqual([
      { birthDate: '1990-01-01', joinDate: '2015-07-01' },
      { birthDate: '1949-12-31', joinDate: '1970-01-01' },
      { birthDate: '2000-02-29', joinDate: '2024-12-31' }, // 2024-12-31 23:30
      { birthDate: '1999-12-31', joinDate: '2010-06-15' }, // 1999-12-31 23:59:59
      { birthDate: null, joinDate: null },
    ]);
  });

  it('keeps text ID numbers exactly (18 digits, trailing X, old 15-digit)', async () => {
    const { rows } = await readAll(fixture('members-text-ids.xlsx'), 'xlsx');
    expect(rows.map((r) => r.values.idNumber)).toEqual(['440106199001011234', '11010519491231002X', '440106900101123', '44010619991231123X', '110105194912310021']);
    expect(rows.flatMap((r) => r.problems)).toEqual([]);
  });

  it('normalises other cells: numbers as plain digits, rich text joined, formula results, trimmed text, booleans, integers', async () => {
    const { rows } = await readAll(fixture('members-text-ids.xlsx'), 'xlsx');
    expect(pick(rows[0], 'mobile', 'party', 'household', 'remarks')).toEqual({ mobile: '13800138000', party: 'true', household: '3', remarks: '重点关注' });
    expect(pick(rows[1], 'party', 'remarks')).toEqual({ party: 'false', remarks: '公式结果' });
    expect(pick(rows[2], 'mobile', 'party', 'remarks')).toEqual({ mobile: '+86 138 0013 8000', party: 'true', remarks: '前后有空格' });
  });

  describe('in other time zones', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    });

    it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Shanghai'])('gives the same dates in %s', async (tz) => {
      process.env.TZ = tz;
      const { rows } = await readAll(fixture('members-text-ids.xlsx'), 'xlsx');
      expect(rows.map((r) => r.values.birthDate)).toEqual(['1990-01-01', '1949-12-31', '2000-02-29', '1999-12-31', null]);
      expect(rows[2]?.values.joinDate).toBe('2024-12-31');
    });
  });

  // exceljs copies each worksheet to a temp file (the zip stores sheets before the shared strings) and
  // deletes it asynchronously once iteration moves past it; those files hold personal data.
  const exceljsTempFiles = () => readdirSync(tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`)).length;
  async function settledTempFiles(): Promise<number> {
    for (let i = 0; i < 50 && exceljsTempFiles() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    return exceljsTempFiles();
  }

  it('leaves no exceljs temp files behind, also when abandoned halfway', async () => {
    await readAll(fixture('members-text-ids.xlsx'), 'xlsx');
    expect(await settledTempFiles()).toBe(0);
    let n = 0;
    for await (const _row of readSheetRows({ path: fixture('members-text-ids.xlsx'), format: 'xlsx' }, { columns: MEMBER_COLUMNS })) {
      if (++n === 2) break;
    }
    expect(n).toBe(2);
    expect(await settledTempFiles()).toBe(0);
  });
});

describe('xlsx with ID numbers as numbers and dates as text (LibreOffice)', () => {
  it('matches English aliases whatever their case and spacing', async () => {
    const { header } = await readAll(fixture('members-numeric-ids.xlsx'), 'xlsx');
    expect(header?.matched).toEqual({
      name: 'Name',
      idNumber: 'ID  Number',
      gender: 'gender',
      birthDate: 'Date of Birth',
      joinDate: 'JOIN DATE',
      mobile: 'Mobile',
      party: 'Party member',
      household: 'Household size',
      remarks: 'Remarks',
    });
  });

  it('reports rounded 18-digit numeric IDs, fractional ones, and "4.40106E+17" text; accepts a 15-digit number', async () => {
    const { rows } = await readAll(fixture('members-numeric-ids.xlsx'), 'xlsx');
    const id = rows.map((r) => ({ value: r.values.idNumber, rounded: r.problems.some((p) => p.key === 'idNumber' && p.message === PROBLEM_MESSAGES.roundedIdNumber) }));
    expect(id).toEqual([
      { value: '440106199001011000', rounded: true }, // LibreOffice wrote 4.40106199001011E+017
      { value: '440106900101123', rounded: false },
      { value: '4.40106E+17', rounded: true },
      { value: '44010619991231.5', rounded: true },
      { value: '110105194912310021', rounded: false },
    ]);
  });

  it('reads text dates in every accepted form, serial numbers, and flags the rest', async () => {
    const { rows } = await readAll(fixture('members-numeric-ids.xlsx'), 'xlsx');
    expect(rows.map((r) => pick(r, 'birthDate', 'joinDate'))).toEqual([
      { birthDate: '1990-01-05', joinDate: '2015-07-01' }, // 1990/1/5, 2015.7.1
      { birthDate: '1949-12-31', joinDate: '1970-01-01' }, // 1949年12月31日, 19700101
      { birthDate: '2000-02-29', joinDate: '2015-01-01' }, // text, serial 42005
      { birthDate: '1990-13-01', joinDate: '明年' },
      { birthDate: '1990-01-05', joinDate: '2021-02-03' }, // 1990/01/05 0:00, full-width 年月日
    ]);
    const dateProblems = rows[3]?.problems.filter((p) => p.key === 'birthDate' || p.key === 'joinDate');
    expect(dateProblems?.map((p) => p.message)).toEqual([PROBLEM_MESSAGES.unrecognisedDate, PROBLEM_MESSAGES.unrecognisedDate]);
  });

  it('checks integers and booleans; numbers come out without exponents', async () => {
    const { rows } = await readAll(fixture('members-numeric-ids.xlsx'), 'xlsx');
    expect(rows.map((r) => pick(r, 'party', 'household', 'remarks'))).toEqual([
      { party: 'true', household: '3', remarks: '0.1' },
      { party: 'false', household: '1024', remarks: '0.000000123' },
      { party: 'true', household: '2.5', remarks: '10000000000000000000000' },
      { party: '也许', household: 'abc', remarks: null },
      { party: null, household: null, remarks: null },
    ]);
    expect(rows[2]?.problems.find((p) => p.key === 'household')?.message).toBe(PROBLEM_MESSAGES.notInteger);
    expect(rows[3]?.problems.find((p) => p.key === 'party')?.message).toBe(PROBLEM_MESSAGES.notBoolean);
  });
});

describe('CSV', () => {
  it('decodes GBK (what Chinese Excel saves), CRLF, skips blank and comma-only lines', async () => {
    const { rows } = await readAll(fixture('members-gbk.csv'), 'csv');
    expect(rows.map((r) => [r.rowNumber, r.values.name, r.values.idNumber, r.values.birthDate, r.values.remarks])).toEqual([
      [2, '张三', '440106199001011234', '1990-01-05', '广州市天河区'],
      [3, '李喆', '11010519491231002X', '1949-12-31', null],
      [6, '欧阳娜娜', '440106900101123', '2000-02-29', '含,逗号'],
    ]);
    expect(rows.flatMap((r) => r.problems)).toEqual([]);
  });

  it('reads UTF-8 with BOM: alias header, quoted commas, doubled quotes, line breaks, ="…" and the \' guard', async () => {
    const { rows, header } = await readAll(fixture('members-utf8-bom.csv'), 'csv');
    expect(header?.matched.name).toBe('Name');
    expect(rows.map((r) => [r.rowNumber, pick(r, 'name', 'idNumber', 'birthDate', 'address', 'remarks')])).toEqual([
      [2, { name: '张三', idNumber: '440106199001011234', birthDate: '1990-01-05', address: '广州市,天河区', remarks: '他说"你好"' }],
      [3, { name: '李四', idNumber: '11010519491231002X', birthDate: '1949-12-31', address: '第一行\n第二行', remarks: '=1+1' }],
      [5, { name: '王五', idNumber: '440106900101123', birthDate: '2000-02-29', address: null, remarks: '普通' }],
    ]);
  });
});

describe('file-level errors', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gh-sheet-'));

  async function errorOf(p: Promise<unknown>): Promise<SpreadsheetError> {
    const e = await p.then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(SpreadsheetError);
    return e as SpreadsheetError;
  }

  it('MISSING_COLUMNS names every missing required header, in both languages', async () => {
    const columns: ColumnSpec[] = [...MEMBER_COLUMNS, { key: 'cardNo', header: '会员卡号', aliases: ['Card number'], kind: 'text', required: true }, { key: 'org', header: '所属工会', kind: 'text', required: true }];
    for (const [file, format] of [
      ['members-text-ids.xlsx', 'xlsx'],
      ['members-gbk.csv', 'csv'],
    ] as const) {
      const e = await errorOf(readAll(fixture(file), format, columns));
      expect(e.code).toBe('MISSING_COLUMNS');
      expect(e.missingHeaders).toEqual(['会员卡号', '所属工会']);
      expect(e.message).toBe('缺少必需的列：会员卡号、所属工会 / Missing required columns: 会员卡号 (Card number), 所属工会');
    }
  });

  it('EMPTY_FILE for a file with no non-blank row', async () => {
    const f = path.join(dir, 'blank.csv');
    writeFileSync(f, '\uFEFF\r\n,,,\r\n');
    expect((await errorOf(readAll(f, 'csv'))).code).toBe('EMPTY_FILE');
  });

  it('a header with no data rows is not an error', async () => {
    const f = path.join(dir, 'header-only.csv');
    writeFileSync(f, '姓名,身份证号码\n');
    expect((await readAll(f, 'csv')).rows).toEqual([]);
  });

  it('UNREADABLE_FILE for a missing file, a non-zip, an old .xls, a workbook read as CSV and a truncated xlsx', async () => {
    expect((await errorOf(readAll(path.join(dir, 'nope.xlsx'), 'xlsx'))).code).toBe('UNREADABLE_FILE');
    expect((await errorOf(readAll(path.join(dir, 'nope.csv'), 'csv'))).code).toBe('UNREADABLE_FILE');
    const text = path.join(dir, 'text.xlsx');
    writeFileSync(text, '姓名,身份证号码\n');
    expect((await errorOf(readAll(text, 'xlsx'))).code).toBe('UNREADABLE_FILE');
    const xls = path.join(dir, 'old.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    const e = await errorOf(readAll(xls, 'xlsx'));
    expect(e.code).toBe('UNREADABLE_FILE');
    expect(e.message).toContain('.xls');
    expect((await errorOf(readAll(fixture('members-text-ids.xlsx'), 'csv'))).message).toContain('.xlsx');
    const whole = readFileSync(fixture('members-text-ids.xlsx'));
    const cut = path.join(dir, 'cut.xlsx');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    expect((await errorOf(readAll(cut, 'xlsx'))).code).toBe('UNREADABLE_FILE');
  });

  it('a required value left blank is a row problem, not an error', async () => {
    const f = path.join(dir, 'blank-id.csv');
    writeFileSync(f, '姓名,身份证号码\n张三,\n');
    const { rows } = await readAll(f, 'csv');
    expect(rows[0]?.problems).toEqual([{ key: 'idNumber', message: PROBLEM_MESSAGES.required }]);
  });
});
