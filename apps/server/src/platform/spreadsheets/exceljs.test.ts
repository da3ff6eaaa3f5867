import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSheetRows } from './sheet-reader.js';
import { createSheetWriter } from './sheet-writer.js';

describe('exceljs UTF-8 fix', () => {
  it('reads back every Chinese cell of a large workbook exactly (characters across chunk boundaries)', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gh-utf8-')), 'big.xlsx');
    const words = ['东莞长安五金制品有限公司工会', '广州市能婴贸易有限公司工会', '容桂家电产业联合工会', '深圳宝安精密电子有限公司工会'];
    const columns = [{ key: 'name', header: '名称' }, { key: 'note', header: '备注' }];
    const w = createSheetWriter({ path: file }, 'xlsx', columns);
    const rows = 30_000;
    // Distinct strings, so the sheet XML (inline strings or shared strings) is large and chunked.
    for (let i = 0; i < rows; i++) await w.addRow({ name: `${words[i % words.length]}${i}`, note: `第${i}行：会员名册导入测试` });
    await w.finish();
    let n = 0;
    for await (const row of readSheetRows({ path: file, format: 'xlsx' }, { columns: columns.map((c) => ({ ...c, kind: 'text' as const })) })) {
      expect(row.values.name).toBe(`${words[n % words.length]}${n}`);
      expect(row.values.note).toBe(`第${n}行：会员名册导入测试`);
      n++;
    }
    expect(n).toBe(rows);
  });
});
