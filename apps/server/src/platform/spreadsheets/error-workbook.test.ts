import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from './exceljs.js';
import { describe, expect, it } from 'vitest';
import { PROBLEM_MESSAGES } from './cell-converter.js';
import { formatProblems, writeErrorWorkbook, type ErrorColumn, type ErrorRow } from './error-workbook.js';
import { readSheetRows } from './sheet-reader.js';

const COLUMNS: ErrorColumn[] = [
  { key: 'name', header: '姓名', aliases: ['Name'] },
  { key: 'idNumber', header: '身份证号码', aliases: ['ID number'] },
  { key: 'birthDate', header: '出生日期' },
];

const ROWS: ErrorRow[] = [
  {
    rowNumber: 7,
    values: { name: '张三', idNumber: '440106199001011000', birthDate: '明年' },
    problems: [
      { key: 'idNumber', message: PROBLEM_MESSAGES.roundedIdNumber },
      { key: 'birthDate', message: PROBLEM_MESSAGES.unrecognisedDate },
    ],
  },
  { rowNumber: 12, values: { name: '李四', idNumber: '440106900101123', birthDate: null }, problems: [{ key: '', message: '与第 7 行重复 / Duplicates row 7' }] },
];

describe('formatProblems', () => {
  it('puts all Chinese reasons first, then the English ones, each labelled with its column', () => {
    expect(formatProblems(ROWS[0]?.problems ?? [], COLUMNS)).toBe(
      `身份证号码：${PROBLEM_MESSAGES.roundedIdNumber.split(' / ')[0]}；出生日期：日期无法识别\n` +
        `ID number: ${PROBLEM_MESSAGES.roundedIdNumber.split(' / ')[1]}; 出生日期: Unrecognised date`,
    );
    expect(formatProblems([{ key: 'x', message: '只有中文' }], COLUMNS)).toBe('只有中文');
  });
});

describe('writeErrorWorkbook', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gh-errors-'));

  it('lists each bad row: original row number, values as text, highlighted bad cells, reasons', async () => {
    const file = path.join(dir, 'errors.xlsx');
    async function* fromCursor() {
      yield* ROWS;
    }
    expect(await writeErrorWorkbook(file, COLUMNS, fromCursor())).toEqual({ rowCount: 2 });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no sheet');
    expect(ws.getRow(1).values).toEqual([undefined, '原行号 / Row', '姓名', '身份证号码', '出生日期', '错误原因 / Problems']);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getCell('A2').value).toBe(7);
    expect(ws.getCell('C2').value).toBe('440106199001011000');
    expect(ws.getCell('C2').numFmt).toBe('@');
    expect(ws.getCell('C2').fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } });
    expect(ws.getCell('D2').fill).toMatchObject({ pattern: 'solid' });
    expect(ws.getCell('B2').fill).not.toMatchObject({ pattern: 'solid' });
    expect(String(ws.getCell('E2').value)).toMatch(/^身份证号码：身份证号码被 Excel 当作数字保存.*；出生日期：日期无法识别\nID number: Excel stored/);
    expect(ws.getCell('E3').value).toBe('与第 7 行重复\nDuplicates row 7');
    expect(ws.getCell('D3').value).toBeNull();
  });

  it('can be read back with the import columns (values round-trip as text)', async () => {
    const rows = [];
    for await (const r of readSheetRows({ path: path.join(dir, 'errors.xlsx'), format: 'xlsx' }, { columns: COLUMNS.map((c) => ({ ...c, kind: 'text' as const })) })) rows.push(r.values);
    expect(rows).toEqual([
      { name: '张三', idNumber: '440106199001011000', birthDate: '明年' },
      { name: '李四', idNumber: '440106900101123', birthDate: null },
    ]);
  });
});
