/**
 * The "rows we could not import" workbook handed back after an import: one line per refused row with
 * its original row number, the values as they were read, and the reasons, Chinese first. Cells that
 * have a problem are shaded red so people find them at a glance. Streamed like every export: rows may
 * come from an async iterable (a database cursor) and are committed as they are written.
 */
import type { ColumnSpec, SheetProblem } from './sheet-reader.js';
import { XlsxBookWriter, type SheetOutput, type XlsxCell } from './xlsx-book-writer.js';

export interface ErrorRow {
  rowNumber: number;
  values: Record<string, string | null>;
  problems: SheetProblem[];
}

export type ErrorColumn = Pick<ColumnSpec, 'key' | 'header' | 'aliases'>;

export interface ErrorWorkbookOptions {
  /** Default '错误明细'. */
  sheetName?: string;
}

const ROW_HEADER = '原行号 / Row';
const REASON_HEADER = '错误原因 / Problems';

function splitMessage(message: string): { zh: string; en: string | null } {
  const at = message.indexOf(' / ');
  return at < 0 ? { zh: message, en: null } : { zh: message.slice(0, at), en: message.slice(at + 3) };
}

/**
 * All of a row's reasons in one cell: the Chinese sentences first, then the English ones on a new
 * line, each prefixed with its column (the Chinese header, or the first alias in English).
 */
export function formatProblems(problems: SheetProblem[], columns: ErrorColumn[]): string {
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const zh: string[] = [];
  const en: string[] = [];
  for (const p of problems) {
    const col = byKey.get(p.key);
    const { zh: z, en: e } = splitMessage(p.message);
    zh.push(col ? `${col.header}：${z}` : z);
    if (e !== null) en.push(col ? `${col.aliases?.[0] ?? col.header}: ${e}` : e);
  }
  const zhText = zh.join('；');
  return en.length ? `${zhText}\n${en.join('; ')}` : zhText;
}

/**
 * Write the error workbook. `out` may be a file path. Resolves with the number of rows written once
 * the output is complete; a failure deletes a half-written file.
 */
export async function writeErrorWorkbook(
  out: string | SheetOutput,
  columns: ErrorColumn[],
  rows: Iterable<ErrorRow> | AsyncIterable<ErrorRow>,
  options: ErrorWorkbookOptions = {},
): Promise<{ rowCount: number }> {
  const book = new XlsxBookWriter(typeof out === 'string' ? { path: out } : out);
  let rowCount = 0;
  try {
    const sheet = book.addSheet({
      name: options.sheetName ?? '错误明细',
      freezeHeader: true,
      columns: [
        { width: 12, style: 'general' },
        ...columns.map((c) => ({ width: Math.min(30, Math.max(12, c.header.length * 2 + 4)), style: 'text' as const })),
        { width: 80, style: 'text' },
      ],
    });
    await sheet.addRow([ROW_HEADER, ...columns.map((c) => c.header), REASON_HEADER].map((h) => ({ value: h, style: 'header' as const })));
    for await (const row of rows) {
      const bad = new Set(row.problems.map((p) => p.key));
      const cells: XlsxCell[] = [
        { value: row.rowNumber, style: 'number' },
        // Values as text, whatever they look like: an ID number must come back exactly as it was read.
        ...columns.map((c): XlsxCell => ({ value: row.values[c.key] ?? null, style: bad.has(c.key) ? 'problem' : 'text' })),
        { value: formatProblems(row.problems, columns), style: 'wrap' },
      ];
      await sheet.addRow(cells);
      rowCount++;
    }
    await book.finish();
  } catch (e) {
    await book.abort(e);
    throw e;
  }
  return { rowCount };
}
