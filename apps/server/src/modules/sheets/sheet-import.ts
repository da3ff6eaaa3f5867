/**
 * Importing a spreadsheet as a durable background job. The file is read as a stream; rows go to
 * the kind's importer in batches, and each batch commits together with the job's counters and the
 * rows it refused, so a crash leaves no half batch and the rerun resumes after the last commit.
 * At the end the refused rows become an error workbook with each row's reasons.
 */
import type { Permission, SheetKind } from '@gonghui/contracts';
import { asc, eq } from 'drizzle-orm';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { jobFailures } from '../../db/schema.js';
import type { JobContext, JobHandler } from '../../platform/jobs.js';
import { writeErrorWorkbook } from '../../platform/spreadsheets/error-workbook.js';
import { readSheetRows, type ColumnSpec, type SheetRow } from '../../platform/spreadsheets/sheet-reader.js';

export interface ImportFailure {
  rowNumber: number;
  values: Record<string, string | null>;
  problems: Array<{ key: string; message: string }>;
}
export interface ImportScope {
  pathPrefix: string;
  actorId: string;
  actorName: string;
}
/** State kept for the whole job (caches, duplicates seen in the file). */
export interface ImportState {
  orgCache: Map<string, unknown>;
  seen: Set<string>;
}
export interface SheetImporter {
  kind: SheetKind;
  columns: ColumnSpec[];
  /** The permission an admin needs to import this kind. */
  permission: Permission;
  importBatch(tx: Tx, scope: ImportScope, rows: SheetRow[], state: ImportState): Promise<{ imported: number; unchanged: number; failures: ImportFailure[] }>;
}

export interface ImportPayload {
  v: 1;
  sheet: SheetKind;
  file: string;
  format: 'xlsx' | 'csv';
  scope: ImportScope;
}

export const IMPORT_JOB_KIND = 'sheet-import';

/** A reason a row is refused, Chinese first, as the error workbook shows it. */
export const sheetProblem = (key: string, zh: string, en: string) => ({ key, message: `${zh} / ${en}` });

const BOOLEAN_WORDS: Record<string, string> = { 是: 'true', 否: 'false' };
const DEFAULT_EXAMPLES: Partial<Record<ColumnSpec['kind'], string>> = { date: '1990-01-31', 'id-number': '11010519491231002X', integer: '1', boolean: '是' };

/** The template's grey example row, left in by the person who filled it: not data, skipped. */
export function isTemplateExample(row: SheetRow, columns: ColumnSpec[]): boolean {
  let compared = 0;
  for (const c of columns) {
    const example = c.example ?? DEFAULT_EXAMPLES[c.kind];
    if (!example) continue;
    const expected = c.kind === 'boolean' ? (BOOLEAN_WORDS[example] ?? example) : example;
    if ((row.values[c.key] ?? null) !== expected) return false;
    compared++;
  }
  return compared > 0;
}
const BATCH_ROWS = 500;

export function resultsDir(dataDir: string): string {
  return path.join(dataDir, 'jobs');
}

export function importJobHandler(ctx: Pick<AppContext, 'db' | 'audit' | 'config'>, importers: Record<SheetKind, SheetImporter>): JobHandler {
  return async (job: JobContext) => {
    const payload = job.job.payload as unknown as ImportPayload;
    if (payload.v !== 1) throw new Error(`Unknown import payload version ${String(payload.v)}`);
    const importer = importers[payload.sheet];
    const source = { path: payload.file, format: payload.format };
    const counters = { total: job.job.total, processed: job.job.processed, imported: job.job.imported, unchanged: job.job.unchanged, failed: job.job.failed };

    if (counters.total === null) {
      let total = 0;
      for await (const _row of readSheetRows(source, { columns: importer.columns })) total++;
      counters.total = total;
      await job.progress(counters);
    }

    const state: ImportState = { orgCache: new Map(), seen: new Set() };
    const flush = async (batch: SheetRow[]) => {
      if (!batch.length) return;
      await ctx.db.transaction(async (tx) => {
        const r = await importer.importBatch(tx, payload.scope, batch, state);
        if (r.failures.length) {
          await tx.insert(jobFailures).values(r.failures.map((f) => ({ jobId: job.job.id, rowNumber: f.rowNumber, values: f.values, problems: f.problems }))).onConflictDoNothing();
        }
        const next = { ...counters, processed: counters.processed + batch.length, imported: counters.imported + r.imported, unchanged: counters.unchanged + r.unchanged, failed: counters.failed + r.failures.length };
        await job.progress(next, tx);
        Object.assign(counters, next);
      });
    };

    // Reading (CPU) overlaps with writing the previous batch (database): at most one batch is in
    // flight, and batches still commit one after another, in file order.
    let index = 0;
    const done = counters.processed;
    let batch: SheetRow[] = [];
    let inFlight: Promise<void> = Promise.resolve();
    // A failed batch is kept here (not left as a rejected promise nobody awaits yet) and rethrown.
    let failure: { error: unknown } | null = null;
    const settle = async () => {
      await inFlight;
      if (failure) throw failure.error;
    };
    for await (const row of readSheetRows(source, { columns: importer.columns })) {
      if (index++ < done) continue; // committed before a restart
      if (isTemplateExample(row, importer.columns)) {
        counters.processed++;
        continue;
      }
      batch.push(row);
      if (batch.length >= BATCH_ROWS) {
        await settle();
        const rows = batch;
        inFlight = flush(rows).catch((error: unknown) => {
          failure = { error };
        });
        batch = [];
      }
    }
    await settle();
    await flush(batch);

    let errorFile: string | null = null;
    if (counters.failed > 0) {
      await mkdir(resultsDir(ctx.config.dataDir), { recursive: true, mode: 0o700 });
      errorFile = path.join(resultsDir(ctx.config.dataDir), `${job.job.id}-errors.xlsx`);
      const failures = await ctx.db.select().from(jobFailures).where(eq(jobFailures.jobId, job.job.id)).orderBy(asc(jobFailures.rowNumber));
      await writeErrorWorkbook(errorFile, importer.columns, failures.map((f) => ({ rowNumber: f.rowNumber, values: f.values, problems: f.problems })));
    }
    await ctx.audit.record({
      actor: { type: 'admin', id: payload.scope.actorId, name: payload.scope.actorName },
      action: `sheet.import_${payload.sheet}`,
      objectType: 'job',
      objectId: job.job.id,
      orgPath: payload.scope.pathPrefix,
      outcome: 'success',
      details: { ...counters, file: job.job.fileName },
    });
    return {
      errorFile,
      message: `共 ${counters.total} 行：导入 ${counters.imported}，未变化 ${counters.unchanged}，有误 ${counters.failed} / ${counters.total} rows: ${counters.imported} imported, ${counters.unchanged} unchanged, ${counters.failed} with errors`,
    };
  };
}
