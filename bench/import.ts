/**
 * Excel import and export at scale (issue 3): a 100,000-row members workbook imported by the real
 * import job, then 100,000 members exported to xlsx. Targets: import ≥ 5,000 rows/s on PostgreSQL
 * with peak RSS ≤ 400 MB; export peak RSS ≤ 400 MB. BENCH_ROWS overrides the size.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '../apps/server/src/db/client.js';
import { makeIdNumber, personName, rng } from '../apps/server/src/db/seed/fixtures.js';
import { cadresImporter } from '../apps/server/src/modules/cadres/cadres.sheet.js';
import { MEMBER_COLUMNS, membersImporter } from '../apps/server/src/modules/members/members.sheet.js';
import { orgsImporter } from '../apps/server/src/modules/orgs/orgs.sheet.js';
import { IMPORT_JOB_KIND, importJobHandler } from '../apps/server/src/modules/sheets/sheet-import.js';
import { exportMembers } from '../apps/server/src/modules/sheets/sheets.service.js';
import { permissionsOf, type AdminActor } from '../apps/server/src/platform/scope.js';
import { createSheetWriter } from '../apps/server/src/platform/spreadsheets/sheet-writer.js';
import { openBenchDb, table, withPeakRss } from './support.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const onPg = Boolean(process.env.DATABASE_URL);
const TARGET_ROWS_PER_S = 5_000;
const TARGET_RSS_MB = 400;

const bench = await openBenchDb(`import_${Date.now()}`);
const { ctx } = bench;
const work = mkdtempSync(path.join(tmpdir(), 'gonghui-bench-import-'));
try {
  const [root] = await queryRows<{ id: number; name: string; path: string; level: string }>(ctx.db, sql`SELECT id, name, path, level FROM organizations WHERE parent_id IS NULL`);
  const actor: AdminActor = { id: '00000000-0000-0000-0000-000000000000', username: 'bench', displayName: '基准测试', orgId: root!.id, orgName: root!.name, orgLevel: root!.level, orgPath: root!.path, roles: ['org_admin'], permissions: permissionsOf(['org_admin']), sessionId: 'bench' };
  const unions = (await queryRows<{ name: string }>(ctx.db, sql`SELECT name FROM organizations WHERE level = 'base' AND status = 'active' ORDER BY id`)).map((u) => u.name);

  // The workbook a union office would upload: text ID numbers, real dates.
  const file = path.join(work, 'members.xlsx');
  const r = rng(42);
  const writeStart = performance.now();
  const writer = createSheetWriter({ path: file }, 'xlsx', MEMBER_COLUMNS.map((c) => ({ key: c.key, header: c.header, kind: c.kind === 'date' ? 'date' : 'text' })));
  for (let i = 0; i < ROWS; i++) {
    const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(i / 1000) * 86_400_000);
    await writer.addRow({
      name: personName(r),
      idNumber: makeIdNumber('445302', birth, i % 1000),
      phone: String(16_600_000_000 + i),
      org: unions[i % unions.length]!,
      employer: null,
      industry: '制造业',
      education: '大专',
      hometown: '广东',
      joinedAt: `20${String(10 + (i % 15))}-0${1 + (i % 9)}-15`,
    });
  }
  await writer.finish();
  const writeSeconds = (performance.now() - writeStart) / 1000;
  const fileMb = statSync(file).size / 1048576;

  const importers = { orgs: orgsImporter, members: membersImporter(ctx.cipher), cadres: cadresImporter(ctx.cipher) };
  ctx.jobs.register(IMPORT_JOB_KIND, importJobHandler(ctx, importers));
  const imp = await withPeakRss(async () => {
    const start = performance.now();
    const job = await ctx.jobs.enqueue({ kind: IMPORT_JOB_KIND, payload: { v: 1, sheet: 'members', file, format: 'xlsx', scope: { pathPrefix: actor.orgPath, actorId: actor.id, actorName: actor.displayName } }, fileName: 'members.xlsx', orgPath: actor.orgPath });
    await ctx.jobs.drain();
    const seconds = (performance.now() - start) / 1000;
    return { seconds, job: (await ctx.jobs.find(job.id))! };
  });
  const rowsPerSecond = Math.round(ROWS / imp.result.seconds);

  const exp = await withPeakRss(async () => {
    const start = performance.now();
    const out = createWriteStream(path.join(work, 'export.xlsx'));
    const done = new Promise<void>((resolve, reject) => out.on('finish', () => resolve()).on('error', reject));
    const n = await exportMembers(ctx, { actor, query: {}, format: 'xlsx', unmasked: false, out, meta: { ip: null, userAgent: 'bench' } });
    await done;
    return { n, seconds: (performance.now() - start) / 1000 };
  });

  const j = imp.result.job;
  if (j.failed) {
    const sample = await queryRows<{ row_number: number; problems: unknown }>(ctx.db, sql`SELECT row_number, problems FROM job_failures WHERE job_id = ${j.id} ORDER BY row_number LIMIT 3`);
    console.log('refused rows (first 3):', JSON.stringify(sample));
  }
  console.log(`\nExcel import and export (${bench.kind}, ${ROWS.toLocaleString()} rows, workbook ${fileMb.toFixed(1)} MB written in ${writeSeconds.toFixed(1)} s)\n`);
  table([
    { step: 'import (members.xlsx)', rows: j.processed, 'seconds': imp.result.seconds.toFixed(1), 'rows/s': rowsPerSecond, 'peak RSS MB': imp.peakRssMb, 'start RSS MB': imp.startRssMb, result: `${j.status}: ${j.imported} imported, ${j.unchanged} unchanged, ${j.failed} failed` },
    { step: 'export (all members, xlsx)', rows: exp.result.n, 'seconds': exp.result.seconds.toFixed(1), 'rows/s': Math.round(exp.result.n / exp.result.seconds), 'peak RSS MB': exp.peakRssMb, 'start RSS MB': exp.startRssMb, result: 'streamed' },
  ]);
  // Embedded PGlite lives in this process (its WebAssembly heap alone is most of a gigabyte), so
  // there the memory bound applies to what the import or export adds; on PostgreSQL, to the peak.
  const rssOf = (m: { peakRssMb: number; startRssMb: number }) => (onPg ? m.peakRssMb : m.peakRssMb - m.startRssMb);
  const importOk = j.status === 'succeeded' && j.imported === ROWS && rssOf(imp) <= TARGET_RSS_MB && (!onPg || rowsPerSecond >= TARGET_ROWS_PER_S);
  const exportOk = exp.result.n >= ROWS && rssOf(exp) <= TARGET_RSS_MB;
  console.log(
    JSON.stringify({
      bench: 'import',
      database: bench.kind,
      rows: ROWS,
      import_rows_per_s: rowsPerSecond,
      import_seconds: Number(imp.result.seconds.toFixed(2)),
      import_peak_rss_mb: imp.peakRssMb,
      imported: j.imported,
      failed: j.failed,
      export_rows: exp.result.n,
      export_seconds: Number(exp.result.seconds.toFixed(2)),
      export_peak_rss_mb: exp.peakRssMb,
      target_import_rows_per_s: onPg ? TARGET_ROWS_PER_S : null,
      target_peak_rss_mb: TARGET_RSS_MB,
      rss_target_applies_to: onPg ? 'peak' : 'growth over the embedded database',
      targets_met: importOk && exportOk,
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
  await bench.close();
  await bench.drop();
}
