import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { idCheckChar } from '@gonghui/contracts';
import { sql } from 'drizzle-orm';
import ExcelJS from '../../platform/spreadsheets/exceljs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { jobs } from '../../db/schema.js';
import { createSheetWriter } from '../../platform/spreadsheets/sheet-writer.js';
import { bearer, createHarness, loginAdmin, type Harness } from '../../test/harness.js';
import { MEMBER_COLUMNS, membersImporter } from '../members/members.sheet.js';
import { importJobHandler, type SheetImporter } from './sheet-import.js';

let h: Harness;
let gz: string;
const dir = mkdtempSync(path.join(tmpdir(), 'gh-sheets-'));
beforeAll(async () => {
  h = await createHarness();
  gz = await loginAdmin(h, 'gz_admin');
});
afterAll(() => h.close());

const FIXTURES = path.resolve(import.meta.dirname, '../../../test-fixtures/spreadsheets');
const idFor = (n: number) => {
  const first17 = `4401061988${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
};

function multipart(fileName: string, content: Buffer) {
  const boundary = `----gonghui${Date.now()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function writeXlsx(file: string, rows: Array<Record<string, string | null | undefined>>) {
  const w = createSheetWriter({ path: file }, 'xlsx', MEMBER_COLUMNS.map((c) => ({ key: c.key, header: c.header, kind: c.kind === 'date' ? 'date' : 'text' })));
  for (const r of rows) await w.addRow(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v ?? null])));
  await w.finish();
  return readFileSync(file);
}

async function upload(kind: string, fileName: string, content: Buffer, token = gz) {
  const body = multipart(fileName, content);
  const r = await h.app.inject({ method: 'POST', url: `/api/v1/admin/sheets/${kind}/imports`, headers: { ...bearer(token), ...body.headers }, payload: body.payload });
  if (r.statusCode !== 202 && token === gz && fileName.endsWith('.xlsx') && content.length > 100) throw new Error(`upload failed: ${r.body}`);
  return r;
}

async function runJob(id: string) {
  if (!id) throw new Error('no job id: the upload failed');
  await h.ctx.jobs.drain();
  return (await h.app.inject({ url: `/api/v1/admin/jobs/${id}`, headers: bearer(gz) })).json();
}

describe('templates', () => {
  it('downloads a members template with Chinese headers', async () => {
    const r = await h.app.inject({ url: '/api/v1/admin/sheets/members/template?format=xlsx', headers: bearer(gz) });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toContain('filename*=UTF-8');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).filter(Boolean);
    expect(header).toEqual(expect.arrayContaining(['姓名', '身份证号码', '所属工会', '入会日期']));
    const csv = await h.app.inject({ url: '/api/v1/admin/sheets/cadres/template?format=csv', headers: bearer(gz) });
    expect(csv.body.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toContain('职务');
  });
});

describe('importing members', () => {
  const good = Array.from({ length: 5 }, (_, i) => ({ name: `导入会员${i}`, idNumber: idFor(i), phone: `1351234000${i}`, org: '广州华师科技有限公司工会', joinedAt: '2021-03-0' + (i + 1) }));
  let file: Buffer;

  it('imports the good rows and reports every bad one with its reason', async () => {
    const existing = (await queryRows<{ id_number_enc: string }>(h.ctx.db, sql`SELECT m.id_number_enc FROM members m JOIN organizations o ON o.id = m.org_id WHERE o.name = '广州越秀百货有限公司工会' LIMIT 1`))[0]!;
    const bad = [
      { name: '校验位错', idNumber: idFor(90).slice(0, 17) + (idFor(90)[17] === '1' ? '2' : '1'), org: '广州华师科技有限公司工会' },
      { name: '已是会员', idNumber: h.ctx.cipher.decrypt(existing.id_number_enc), org: '广州华师科技有限公司工会' },
      { name: '无此工会', idNumber: idFor(91), org: '不存在的工会' },
      { name: '范围之外', idNumber: idFor(92), org: '深圳南山科技股份有限公司工会' },
      { name: '日期不对', idNumber: idFor(93), org: '广州华师科技有限公司工会', joinedAt: '明年春天' },
      { name: '重复一行', idNumber: idFor(0), org: '广州华师科技有限公司工会' },
    ];
    file = await writeXlsx(path.join(dir, 'members.xlsx'), [...good, ...bad]);
    const r = await upload('members', '会员名册.xlsx', file);
    expect(r.statusCode).toBe(202);
    const job = await runJob(r.json().id);
    expect(job).toMatchObject({ status: 'succeeded', total: 11, processed: 11, imported: 5, unchanged: 0, failed: 6, hasErrorFile: true });
    const list = (await h.app.inject({ url: `/api/v1/admin/members?q=${encodeURIComponent('导入会员')}`, headers: bearer(gz) })).json();
    expect(list.total).toBe(5);
    expect(list.items[0]).toMatchObject({ status: 'active', orgName: '广州华师科技有限公司工会' });
    const detail = (await h.app.inject({ url: `/api/v1/admin/members/${list.items[0].id}`, headers: bearer(gz) })).json();
    expect(detail.events[0]).toMatchObject({ kind: 'added', reason: '批量导入' });

    const errors = await h.app.inject({ url: `/api/v1/admin/jobs/${job.id}/errors`, headers: bearer(gz) });
    expect(errors.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(errors.rawPayload as unknown as ArrayBuffer);
    const text = JSON.stringify(wb.worksheets[0]!.getSheetValues());
    for (const reason of ['校验位错误', '已登记在其他工会', '找不到工会“不存在的工会”', '找不到工会“深圳南山科技股份有限公司工会”', '日期', '文件中重复']) expect(text).toContain(reason);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await queryRows<{ n: number }>(h.ctx.db, sql`SELECT count(*)::int AS n FROM members`);
    const r = await upload('members', '会员名册.xlsx', file);
    const job = await runJob(r.json().id);
    expect(job).toMatchObject({ status: 'succeeded', imported: 0, unchanged: 5, failed: 6 });
    const after = await queryRows<{ n: number }>(h.ctx.db, sql`SELECT count(*)::int AS n FROM members`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('imports a file saved by LibreOffice, and explains IDs that Excel-like programs rounded', async () => {
    const text = await upload('members', 'members-import-text-ids.xlsx', readFileSync(path.join(FIXTURES, 'members-import-text-ids.xlsx')));
    const ok = await runJob(text.json().id);
    expect(ok, ok.message).toMatchObject({ status: 'succeeded', total: 3, imported: 3, failed: 0 });
    const chen = (await h.app.inject({ url: `/api/v1/admin/members?q=${encodeURIComponent('陈志明')}`, headers: bearer(gz) })).json().items[0];
    expect(chen).toMatchObject({ joinedAt: '2019-03-01', gender: 'female', orgName: '广州华师科技有限公司工会' });

    const numeric = await upload('members', 'members-import-numeric-ids.xlsx', readFileSync(path.join(FIXTURES, 'members-import-numeric-ids.xlsx')));
    const job = await runJob(numeric.json().id);
    // the X-ending ID stayed text and is already imported; the two numeric ones were rounded
    expect(job).toMatchObject({ status: 'succeeded', imported: 0, unchanged: 1, failed: 2 });
    const errors = await h.app.inject({ url: `/api/v1/admin/jobs/${job.id}/errors`, headers: bearer(gz) });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(errors.rawPayload as unknown as ArrayBuffer);
    expect(JSON.stringify(wb.worksheets[0]!.getSheetValues())).toContain('舍入');
  });

  it('fails a file without the required columns, with a message naming them', async () => {
    const r = await upload('members', 'members-text-ids.xlsx', readFileSync(path.join(FIXTURES, 'members-text-ids.xlsx')));
    const job = await runJob(r.json().id);
    expect(job.status).toBe('failed');
    expect(job.message).toContain('所属工会');
  });

  it('lists the import jobs of the scope, by database', async () => {
    const members = (await h.app.inject({ url: '/api/v1/admin/jobs?sheet=members', headers: bearer(gz) })).json();
    expect(members.total).toBeGreaterThanOrEqual(3);
    expect(members.items.every((j: { sheet: string }) => j.sheet === 'members')).toBe(true);
    expect((await h.app.inject({ url: '/api/v1/admin/jobs?sheet=orgs', headers: bearer(gz) })).json().total).toBe(0);
  });

  it('refuses a file that is not a spreadsheet, and needs the permission', async () => {
    const r = await upload('members', 'notes.xlsx', Buffer.from('hello'));
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('SPREADSHEET_INVALID');
    const pdf = await upload('members', 'list.pdf', Buffer.from('%PDF'));
    expect(pdf.json().error.code).toBe('SPREADSHEET_INVALID');
    const auditor = await loginAdmin(h, 'gd_auditor');
    expect((await upload('members', 'm.xlsx', file, auditor)).statusCode).toBe(403);
  });
});

describe('importing organizations and cadres', () => {
  async function write(file: string, columns: Array<{ key: string; header: string; kind: string }>, rows: Array<Record<string, string | null>>) {
    const w = createSheetWriter({ path: file }, 'xlsx', columns.map((c) => ({ key: c.key, header: c.header, kind: c.kind === 'date' ? 'date' : 'text' })));
    for (const r of rows) await w.addRow(r);
    await w.finish();
    return readFileSync(file);
  }

  it('creates organizations under parents named in the file, once', async () => {
    const { ORG_COLUMNS } = await import('../orgs/orgs.sheet.js');
    const code = '91440300708461136T';
    const file = await write(path.join(dir, 'orgs.xlsx'), ORG_COLUMNS, [
      { name: '天河区测试街道总工会', parent: '广州市天河区总工会', level: '街道/镇', type: '总工会' },
      { name: '广州测试导入有限公司工会', parent: '天河区测试街道总工会', level: '基层', type: '基层工会', creditCode: code },
      { name: '校验位错误公司工会', parent: '天河区测试街道总工会', level: '基层', type: '基层工会', creditCode: '91440300708461136U' },
      { name: '无上级工会', parent: '不存在的上级', level: '基层', type: '联合基层工会' },
      { name: '层级颠倒', parent: '广州测试导入有限公司工会', level: '街道/镇', type: '总工会' },
    ]);
    const first = await runJob((await upload('orgs', 'orgs.xlsx', file)).json().id);
    expect(first).toMatchObject({ status: 'succeeded', imported: 2, failed: 3 });
    const created = (await queryRows<{ parent: string }>(h.ctx.db, sql`SELECT p.name AS parent FROM organizations o JOIN organizations p ON p.id = o.parent_id WHERE o.credit_code = ${code}`))[0]!;
    expect(created.parent).toBe('天河区测试街道总工会');
    const again = await runJob((await upload('orgs', 'orgs.xlsx', file)).json().id);
    expect(again).toMatchObject({ status: 'succeeded', imported: 0, unchanged: 2, failed: 3 });
  });

  it('appoints cadres found by ID number, once', async () => {
    const { CADRE_COLUMNS } = await import('../cadres/cadres.sheet.js');
    const m = (await queryRows<{ name: string; id_number_enc: string }>(h.ctx.db, sql`SELECT m.name, m.id_number_enc FROM members m JOIN organizations o ON o.id = m.org_id WHERE o.name = '广州珠江新城物业管理有限公司工会' AND m.status = 'active' LIMIT 1`))[0]!;
    const idNumber = h.ctx.cipher.decrypt(m.id_number_enc);
    const file = await write(path.join(dir, 'cadres.xlsx'), CADRE_COLUMNS, [
      { name: m.name, idNumber, org: '广州珠江新城物业管理有限公司工会', position: '副主席', termStart: '2024-01-01', termEnd: '2028-12-31', fullTime: '否' },
      { name: m.name, idNumber, org: '广州珠江新城物业管理有限公司工会', position: '总经理', termStart: '2024-01-01' },
      { name: '不是会员', idNumber: idFor(777), org: '广州珠江新城物业管理有限公司工会', position: '委员', termStart: '2024-01-01' },
    ]);
    const first = await runJob((await upload('cadres', 'cadres.xlsx', file)).json().id);
    expect(first).toMatchObject({ status: 'succeeded', imported: 1, failed: 2 });
    const list = (await h.app.inject({ url: `/api/v1/admin/cadres?position=vice_chair&q=${encodeURIComponent(m.name)}`, headers: bearer(gz) })).json();
    expect(list.items.some((c: { orgName: string }) => c.orgName === '广州珠江新城物业管理有限公司工会')).toBe(true);
    const again = await runJob((await upload('cadres', 'cadres.xlsx', file)).json().id);
    expect(again).toMatchObject({ imported: 0, unchanged: 1, failed: 2 });
  });
});

describe('a crash in the middle of an import', () => {
  it('keeps whole batches only, and the rerun resumes after the last committed one', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => ({ name: `续传${i}`, idNumber: idFor(2000 + i), org: '广州珠江新城物业管理有限公司工会' }));
    const file = path.join(dir, 'resume.xlsx');
    await writeXlsx(file, rows);
    const actor = (await h.app.inject({ url: '/api/v1/admin/me', headers: bearer(gz) })).json();
    const gzPath = (await queryRows<{ path: string }>(h.ctx.db, sql`SELECT path FROM organizations WHERE name = '广州市总工会'`))[0]!.path;
    const [job] = await h.ctx.db.insert(jobs).values({ kind: 'sheet-import', payload: { v: 1, sheet: 'members', file, format: 'xlsx', scope: { pathPrefix: gzPath, actorId: actor.id, actorName: '测试' } }, orgPath: gzPath, status: 'running' }).returning();
    const real = membersImporter(h.ctx.cipher);
    let calls = 0;
    const crashing: SheetImporter = { ...real, importBatch: async (...args) => (++calls === 2 ? Promise.reject(new Error('power cut')) : real.importBatch(...args)) };
    const handler = (importer: SheetImporter) => importJobHandler(h.ctx, { members: importer, orgs: importer, cadres: importer });
    const jobCtx = async () => h.ctx.jobs.contextFor((await h.ctx.jobs.find(job!.id))!);
    await expect(handler(crashing)(await jobCtx())).rejects.toThrow('power cut');
    const half = (await h.ctx.jobs.find(job!.id))!;
    expect(half.processed).toBe(500);
    expect((await queryRows<{ n: number }>(h.ctx.db, sql`SELECT count(*)::int AS n FROM members WHERE name LIKE '续传%'`))[0]!.n).toBe(500);
    await handler(real)(await jobCtx());
    const done = (await h.ctx.jobs.find(job!.id))!;
    expect(done).toMatchObject({ processed: 1200, imported: 1200, unchanged: 0, failed: 0 });
    expect((await queryRows<{ n: number }>(h.ctx.db, sql`SELECT count(*)::int AS n FROM members WHERE name LIKE '续传%'`))[0]!.n).toBe(1200);
  });
});

describe('exports', () => {
  it('streams the members of the scope, masked, and audits it', async () => {
    const r = await h.app.inject({ url: '/api/v1/admin/sheets/members/export?format=xlsx', headers: bearer(gz) });
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const list = (await h.app.inject({ url: '/api/v1/admin/members?pageSize=1', headers: bearer(gz) })).json();
    expect(sheet.actualRowCount - 1).toBe(list.total);
    const text = JSON.stringify(sheet.getSheetValues());
    expect(text).not.toContain('深圳');
    expect(text).toMatch(/\d{3}\*{11}[\dX]{4}/);
    const audit = await queryRows<{ details: { rows: number; unmasked: boolean } }>(h.ctx.db, sql`SELECT details FROM audit_log WHERE action = 'sheet.export_members'`);
    expect(audit[0]!.details).toMatchObject({ rows: list.total, unmasked: false });
  });
  it('exports unmasked only for admins who may see personal data', async () => {
    const r = await h.app.inject({ url: '/api/v1/admin/sheets/members/export?format=csv&unmasked=true&status=active', headers: bearer(gz) });
    expect(r.statusCode).toBe(200);
    expect(r.body.charCodeAt(0)).toBe(0xfeff);
    expect(r.body).toMatch(/\d{17}[\dX]/);
    const sp = await loginAdmin(h, 'ny_admin').catch(() => null);
    if (sp) {
      // member_admin has pii.reveal; a staff role would not: covered by the permission matrix
      expect((await h.app.inject({ url: '/api/v1/admin/sheets/members/export?unmasked=true', headers: bearer(sp) })).statusCode).toBe(200);
    }
  });
  it('refuses an organization outside the scope with the JSON error', async () => {
    const sz = (await queryRows<{ id: number }>(h.ctx.db, sql`SELECT id FROM organizations WHERE name = '深圳市总工会'`))[0]!;
    const r = await h.app.inject({ url: `/api/v1/admin/sheets/members/export?orgId=${sz.id}`, headers: bearer(gz) });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('OUT_OF_SCOPE');
  });
  it('exports organizations and cadres', async () => {
    const orgs = await h.app.inject({ url: '/api/v1/admin/sheets/orgs/export?format=csv', headers: bearer(gz) });
    expect(orgs.body).toContain('广州市天河区总工会');
    expect(orgs.body).not.toContain('深圳');
    const cadres = await h.app.inject({ url: '/api/v1/admin/sheets/cadres/export?format=csv', headers: bearer(gz) });
    expect(cadres.body).toContain('主席');
  });
});
