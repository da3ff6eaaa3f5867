import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import ExcelJS from './exceljs.js';
import { describe, expect, it } from 'vitest';
import { readSheetRows, type ColumnSpec, type SheetRow } from './sheet-reader.js';
import { createSheetWriter, csvField, writeTemplate, type SheetColumn, type SheetWriter } from './sheet-writer.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gh-sheet-writer-'));

const COLUMNS: SheetColumn[] = [
  { key: 'name', header: '姓名' },
  { key: 'idNumber', header: '身份证号码', width: 22 },
  { key: 'birthDate', header: '出生日期', kind: 'date' },
  { key: 'count', header: '人数', kind: 'number' },
  { key: 'remarks', header: '备注' },
];
const READ_SPECS: ColumnSpec[] = [
  { key: 'name', header: '姓名', kind: 'text' },
  { key: 'idNumber', header: '身份证号码', kind: 'id-number' },
  { key: 'birthDate', header: '出生日期', kind: 'date' },
  { key: 'count', header: '人数', kind: 'integer' },
  { key: 'remarks', header: '备注', kind: 'text' },
];
const ROWS = [
  { name: '张三', idNumber: '440106199001011234', birthDate: '1990-01-05', count: 3, remarks: '=SUM(A1:A2)' },
  { name: '李四', idNumber: 440106900101123, birthDate: '1949-12-31', count: '12', remarks: '广州市,天河区 "东"\n二行' },
  { name: '王五', idNumber: '11010519491231002X', birthDate: null, count: null, remarks: '-5' },
];

async function readBack(file: string, format: 'xlsx' | 'csv'): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const r of readSheetRows({ path: file, format }, { columns: READ_SPECS })) rows.push(r);
  return rows;
}

async function writeRows(writer: SheetWriter, rows: Array<Record<string, string | number | null>>): Promise<void> {
  for (const r of rows) await writer.addRow(r);
  await writer.finish();
}

describe('createSheetWriter: xlsx', () => {
  const file = path.join(dir, 'members.xlsx');

  it('writes a bold, frozen header, IDs as text cells with the @ format, dates as real dates', async () => {
    const writer = createSheetWriter({ path: file }, 'xlsx', COLUMNS, { sheetName: '会员' });
    await writeRows(writer, ROWS);
    expect(writer.rowCount).toBe(3);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('会员');
    if (!ws) throw new Error('sheet missing');
    expect(ws.getCell('A1').value).toBe('姓名');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    for (const addr of ['B2', 'B3', 'B4']) {
      expect(ws.getCell(addr).type).toBe(ExcelJS.ValueType.String);
      expect(ws.getCell(addr).numFmt).toBe('@');
    }
    expect(ws.getCell('B2').value).toBe('440106199001011234');
    expect(ws.getCell('B3').value).toBe('440106900101123');
    // The whole column is text-formatted, so IDs typed later in Excel stay text too.
    expect(ws.getColumn(2).numFmt).toBe('@');
    expect(ws.getCell('C2').type).toBe(ExcelJS.ValueType.Date);
    expect(ws.getCell('C2').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('C2').value).toEqual(new Date('1990-01-05T00:00:00Z'));
    expect(ws.getCell('D2').value).toBe(3);
    expect(ws.getCell('D3').value).toBe(12);
    // No formula: the text is stored as text.
    expect(ws.getCell('E2').type).toBe(ExcelJS.ValueType.String);
  });

  it('reads back through readSheetRows unchanged', async () => {
    const rows = await readBack(file, 'xlsx');
    expect(rows.map((r) => r.values)).toEqual([
      { name: '张三', idNumber: '440106199001011234', birthDate: '1990-01-05', count: '3', remarks: '=SUM(A1:A2)' },
      { name: '李四', idNumber: '440106900101123', birthDate: '1949-12-31', count: '12', remarks: '广州市,天河区 "东"\n二行' },
      { name: '王五', idNumber: '11010519491231002X', birthDate: null, count: null, remarks: '-5' },
    ]);
    expect(rows.flatMap((r) => r.problems)).toEqual([]);
  });

  it('writes to a stream and ends it', async () => {
    const chunks: Buffer[] = [];
    const out = new PassThrough();
    out.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise<void>((resolve) => out.on('end', resolve));
    await writeRows(createSheetWriter({ stream: out }, 'xlsx', COLUMNS), ROWS);
    await ended;
    expect(Buffer.concat(chunks).subarray(0, 4).toString('binary')).toBe('PK\x03\x04');
  });
});

describe('createSheetWriter: csv', () => {
  const file = path.join(dir, 'members.csv');

  it('writes UTF-8 with BOM, CRLF, RFC 4180 quoting and defuses formulas', async () => {
    await writeRows(createSheetWriter({ path: file }, 'csv', COLUMNS), ROWS);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      '姓名,身份证号码,出生日期,人数,备注\r\n' +
        "张三,440106199001011234,1990-01-05,3,'=SUM(A1:A2)\r\n" +
        '李四,440106900101123,1949-12-31,12,"广州市,天河区 ""东""\n二行"\r\n' +
        '王五,11010519491231002X,,,-5\r\n',
    );
  });

  it('reads back through readSheetRows unchanged (the guard quote is removed again)', async () => {
    const rows = await readBack(file, 'csv');
    expect(rows.map((r) => r.values.remarks)).toEqual(['=SUM(A1:A2)', '广州市,天河区 "东"\n二行', '-5']);
    expect(rows.map((r) => r.values.idNumber)).toEqual(['440106199001011234', '440106900101123', '11010519491231002X']);
  });

  it('csvField: guards = + - @ tab CR unless the value is a plain number', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+86 138')).toBe("'+86 138");
    expect(csvField('@SUM(1)')).toBe("'@SUM(1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('-5')).toBe('-5');
    expect(csvField('+3.5')).toBe('+3.5');
    expect(csvField(-2)).toBe('-2');
    expect(csvField(1e21)).toBe('1000000000000000000000');
    expect(csvField('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField(null)).toBe('');
  });
});

describe('backpressure', () => {
  /** A destination that accepts nothing: every write stays pending. */
  function stuckStream(): Writable {
    return new Writable({ highWaterMark: 1024, write: () => undefined });
  }

  const row = (i: number) => ({ name: `会员${i}`, idNumber: String(440106199001011234n + BigInt(i)), birthDate: '1990-01-05', count: i, remarks: '备注'.repeat(20) });

  it.each(['xlsx', 'csv'] as const)('%s: addRow stops resolving when the destination does not read, instead of buffering everything', async (format) => {
    const writer = createSheetWriter({ stream: stuckStream() }, format, COLUMNS);
    let blockedAt = -1;
    let pending: Promise<unknown> | null = null;
    for (let i = 0; i < 200_000 && blockedAt < 0; i++) {
      const r = writer.addRow(row(i));
      if (!r) continue;
      const settled = await Promise.race([r.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 100))]);
      if (!settled) {
        blockedAt = i;
        pending = r.catch(() => undefined);
      }
    }
    // xlsx pauses once ~8 MB of sheet XML wait in exceljs (here after ~80,000 rows, about 10 MB held),
    // CSV as soon as its 64 KB batch meets the full stream. Without backpressure neither would block.
    expect(blockedAt).toBeGreaterThan(0);
    expect(blockedAt).toBeLessThan(format === 'xlsx' ? 150_000 : 2_000);
    await writer.abort(new Error('client went away'));
    await pending;
  });

  it.each(['xlsx', 'csv'] as const)('%s: a slow destination gets a complete file (waiting never deadlocks)', async (format) => {
    const chunks: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 4096,
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        setTimeout(cb, 1);
      },
    });
    const writer = createSheetWriter({ stream: slow }, format, COLUMNS);
    for (let i = 0; i < 20_000; i++) await writer.addRow(row(i));
    await writer.finish();
    const file = path.join(dir, `slow.${format}`);
    writeFileSync(file, Buffer.concat(chunks));
    const rows = await readBack(file, format);
    expect(rows).toHaveLength(20_000);
    expect(rows[19_999]?.values.idNumber).toBe(String(440106199001011234n + 19_999n));
  });

  it('abort deletes a half-written file', async () => {
    const file = path.join(dir, 'aborted.xlsx');
    const writer = createSheetWriter({ path: file }, 'xlsx', COLUMNS);
    for (let i = 0; i < 1000; i++) await writer.addRow(row(i));
    await writer.abort();
    expect(existsSync(file)).toBe(false);
  });
});

describe('writeTemplate', () => {
  const SPECS: ColumnSpec[] = [
    { key: 'name', header: '姓名', aliases: ['Name'], kind: 'text', required: true, example: '张三' },
    { key: 'idNumber', header: '身份证号码', aliases: ['ID number'], kind: 'id-number', required: true },
    { key: 'birthDate', header: '出生日期', kind: 'date', note: '与身份证一致' },
    { key: 'party', header: '是否党员', kind: 'boolean' },
    { key: 'household', header: '家庭人口', kind: 'integer' },
  ];

  it('xlsx: header, example row, ID column text-formatted for 2000 rows, a 是/否 list, and a 说明 sheet', async () => {
    const file = path.join(dir, 'template.xlsx');
    await writeTemplate({ path: file }, 'xlsx', SPECS);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['导入数据', '说明']);
    const data = wb.worksheets[0];
    if (!data) throw new Error('no data sheet');
    expect(data.getRow(1).values).toEqual([undefined, '姓名', '身份证号码', '出生日期', '是否党员', '家庭人口']);
    expect(data.getCell('A2').value).toBe('张三');
    expect(data.getCell('B2').value).toBe('11010519491231002X');
    expect(data.getCell('C2').value).toEqual(new Date('1990-01-31T00:00:00Z'));
    expect(data.getCell('E2').value).toBe(1);
    for (const r of [3, 1000, 2001]) expect(data.getCell(`B${r}`).numFmt).toBe('@');
    expect(data.getCell('C2001').numFmt).toBe('yyyy-mm-dd');
    expect(data.getCell('D5').dataValidation).toMatchObject({ type: 'list', formulae: ['"是,否"'] });

    const help = wb.getWorksheet('说明');
    const lines: string[] = [];
    help?.eachRow((r) => lines.push((r.values as unknown[]).filter((v) => v !== undefined).join(' | ')));
    expect(lines).toContain('身份证号码 | ID number | 必填 / Required | 文本格式的身份证号码（本列已设为文本，请勿改为数字格式） / ID number as text (the column is formatted as text; keep it so) | 11010519491231002X');
    expect(lines.some((l) => l.startsWith('出生日期 |') && l.includes('选填 / Optional') && l.endsWith('与身份证一致'))).toBe(true);
  });

  it('xlsx: reading the template back gives the example row, with no problems', async () => {
    const rows: SheetRow[] = [];
    for await (const r of readSheetRows({ path: path.join(dir, 'template.xlsx'), format: 'xlsx' }, { columns: SPECS })) rows.push(r);
    expect(rows).toEqual([
      { rowNumber: 2, values: { name: '张三', idNumber: '11010519491231002X', birthDate: '1990-01-31', party: 'true', household: '1' }, problems: [] },
    ]);
  });

  it('csv: header and example row', async () => {
    const file = path.join(dir, 'template.csv');
    await writeTemplate({ path: file }, 'csv', SPECS);
    expect(readFileSync(file, 'utf8')).toBe('\uFEFF姓名,身份证号码,出生日期,是否党员,家庭人口\r\n张三,11010519491231002X,1990-01-31,是,1\r\n');
  });
});
