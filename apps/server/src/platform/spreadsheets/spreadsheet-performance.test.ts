/**
 * Volume check: 100,000 rows × 10 columns written with the xlsx writer and read back. Imports must run
 * at ≥ 5,000 rows/s; RSS is logged, not asserted (a unit test process shares its heap with vitest).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSheetRows, type ColumnSpec } from './sheet-reader.js';
import { createSheetWriter, type SheetColumn } from './sheet-writer.js';

const ROWS = 100_000;
const dir = mkdtempSync(path.join(tmpdir(), 'gh-sheet-perf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COLUMNS: SheetColumn[] = [
  { key: 'idNumber', header: '身份证号码' },
  { key: 'name', header: '姓名' },
  { key: 'gender', header: '性别' },
  { key: 'birthDate', header: '出生日期', kind: 'date' },
  { key: 'phone', header: '手机号码' },
  { key: 'org', header: '所属工会' },
  { key: 'employer', header: '工作单位' },
  { key: 'joinDate', header: '入会日期', kind: 'date' },
  { key: 'household', header: '家庭人口', kind: 'number' },
  { key: 'remarks', header: '备注' },
];
const SPECS: ColumnSpec[] = COLUMNS.map((c) => ({
  key: c.key,
  header: c.header,
  kind: c.key === 'idNumber' ? 'id-number' : c.kind === 'date' ? 'date' : c.kind === 'number' ? 'integer' : 'text',
  required: c.key === 'idNumber' || c.key === 'name',
}));

function member(i: number): Record<string, string | number | null> {
  const day = String((i % 28) + 1).padStart(2, '0');
  return {
    idNumber: String(440106199001011234n + BigInt(i)),
    name: `会员${i}`,
    gender: i % 2 ? '男' : '女',
    birthDate: `19${50 + (i % 50)}-0${(i % 9) + 1}-${day}`,
    phone: String(13800000000 + i),
    org: `广州市天河区第${i % 500}基层工会`,
    employer: `广州某某科技有限公司${i % 3000}`,
    joinDate: `20${10 + (i % 15)}-1${i % 3}-${day}`,
    household: (i % 6) + 1,
    remarks: i % 10 ? null : '工会积极分子，多次参加志愿服务',
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

describe('100,000 rows', () => {
  it('write and read back xlsx with bounded memory, reading well over 5,000 rows/s', async () => {
    const file = path.join(dir, 'members.xlsx');
    const rssStart = process.memoryUsage().rss;
    let peak = rssStart;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };

    let t0 = performance.now();
    const writer = createSheetWriter({ path: file }, 'xlsx', COLUMNS);
    for (let i = 0; i < ROWS; i++) {
      await writer.addRow(member(i));
      if (i % 1000 === 0) sample();
    }
    await writer.finish();
    sample();
    const writeMs = performance.now() - t0;
    const writePeak = peak;

    const rssBeforeRead = process.memoryUsage().rss;
    peak = rssBeforeRead;
    t0 = performance.now();
    let count = 0;
    let problems = 0;
    let last: Record<string, string | null> = {};
    for await (const row of readSheetRows({ path: file, format: 'xlsx' }, { columns: SPECS })) {
      count++;
      problems += row.problems.length;
      last = row.values;
      if (count % 1000 === 0) sample();
    }
    const readMs = performance.now() - t0;
    const readRate = (count / readMs) * 1000;

    process.stdout.write(
      `[spreadsheets] ${ROWS} rows x ${COLUMNS.length} columns, xlsx ${mb(statSync(file).size)}\n` +
        `[spreadsheets]   write ${Math.round((ROWS / writeMs) * 1000)} rows/s (${Math.round(writeMs)} ms), RSS ${mb(rssStart)} -> peak ${mb(writePeak)} (+${mb(writePeak - rssStart)})\n` +
        `[spreadsheets]   read  ${Math.round(readRate)} rows/s (${Math.round(readMs)} ms), RSS ${mb(rssBeforeRead)} -> peak ${mb(peak)} (+${mb(peak - rssBeforeRead)})\n`,
    );

    expect(count).toBe(ROWS);
    expect(problems).toBe(0);
    expect(last).toMatchObject({ idNumber: String(440106199001011234n + BigInt(ROWS - 1)), name: `会员${ROWS - 1}`, household: String(((ROWS - 1) % 6) + 1) });
    expect(readRate).toBeGreaterThan(10_000);
  }, 20_000);
});
