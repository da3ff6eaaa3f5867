/**
 * Writes spreadsheets (xlsx or CSV) row by row with bounded memory, and import templates.
 *
 * xlsx: a bold, frozen header; text columns are real text cells with the '@' format on the whole
 * column, so an 18-digit ID number is never turned into a rounded number, not even when someone edits
 * the file in Excel and types a new one; date columns hold real dates shown as yyyy-mm-dd.
 * CSV: UTF-8 with a BOM (without it Chinese Excel reads the file as GBK and shows mojibake), RFC 4180
 * quoting, CRLF, and values that Excel would run as formulas are defused with a leading '.
 */
import { once } from 'node:events';
import { formatNumber, parseDateText, type ColumnKind } from './cell-converter.js';
import type { ColumnSpec } from './sheet-reader.js';
import {
  openOutput,
  XlsxBookWriter,
  type CellStyleName,
  type ColumnStyleName,
  type SheetOutput,
  type XlsxCell,
  type XlsxSheet,
} from './xlsx-book-writer.js';

export type { SheetOutput } from './xlsx-book-writer.js';

export type WriteFormat = 'xlsx' | 'csv';

export interface SheetColumn {
  key: string;
  header: string;
  /** Excel column width in characters; by default derived from the header. */
  width?: number;
  /**
   * 'text' (default): every value becomes a text cell, numbers included. 'date': 'YYYY-MM-DD' strings
   * become real dates. 'number': numbers (and numeric strings) become number cells.
   */
  kind?: 'text' | 'date' | 'number';
}

export type SheetValues = Record<string, string | number | null>;

export interface SheetWriter {
  /** Await the result: now and then it is a promise that waits for the destination to catch up. */
  addRow(values: SheetValues): void | Promise<void>;
  /** Completes the file and resolves once the destination has all of it (the stream is ended). */
  finish(): Promise<void>;
  /** Stops writing, destroys the destination, and deletes a half-written output file. */
  abort(reason?: unknown): Promise<void>;
  readonly rowCount: number;
}

export interface SheetWriterOptions {
  /** xlsx only; default 'Sheet1'. */
  sheetName?: string;
}

/** Display width of a header: CJK characters are two columns wide in Excel. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
  return w;
}

function defaultWidth(header: string, kind: ColumnKind | SheetColumn['kind']): number {
  const base = Math.min(40, Math.max(10, displayWidth(header) + 4));
  if (kind === 'id-number') return Math.max(base, 22);
  if (kind === 'date') return Math.max(base, 12);
  return base;
}

/** Excel shows dates only from 1900-03-01 on correctly (its fake 29 Feb 1900): earlier ones stay text. */
function dateFromIso(s: string): Date | null {
  const iso = parseDateText(s);
  if (!iso || iso < '1900-03-01') return null;
  return new Date(`${iso}T00:00:00Z`);
}

const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function xlsxCell(value: string | number | null, kind: SheetColumn['kind']): XlsxCell {
  if (value === null || value === '') return { value: null, style: kind === 'date' ? 'date' : kind === 'number' ? 'number' : 'text' };
  switch (kind) {
    case 'date': {
      // A number is taken as an Excel serial day, which a date format shows as the date.
      if (typeof value === 'number') return { value, style: 'date' };
      const d = dateFromIso(value);
      return d ? { value: d, style: 'date' } : { value, style: 'text' };
    }
    case 'number': {
      if (typeof value === 'number') return { value, style: 'number' };
      // Only strings that survive the trip through a double: 16+ significant digits stay text.
      const digits = value.replace(/^[+-]|\.|e.*$/gi, '').replace(/^0+/, '');
      if (PLAIN_NUMBER.test(value) && digits.length <= 15) return { value: Number(value), style: 'number' };
      return { value, style: 'text' };
    }
    default:
      return { value: typeof value === 'number' ? formatNumber(value) : value, style: 'text' };
  }
}

function columnStyle(kind: SheetColumn['kind']): ColumnStyleName {
  return kind === 'date' ? 'date' : kind === 'number' ? 'general' : 'text';
}

class XlsxSheetWriter implements SheetWriter {
  private readonly book: XlsxBookWriter;
  private readonly sheet: XlsxSheet;
  private rows = 0;

  constructor(
    out: SheetOutput,
    private readonly columns: SheetColumn[],
    options: SheetWriterOptions,
  ) {
    this.book = new XlsxBookWriter(out);
    this.sheet = this.book.addSheet({
      name: options.sheetName ?? 'Sheet1',
      freezeHeader: true,
      columns: columns.map((c) => ({ width: c.width ?? defaultWidth(c.header, c.kind), style: columnStyle(c.kind) })),
    });
    // Cannot need to wait: the first backpressure check comes after 64 rows.
    void this.sheet.addRow(columns.map((c) => ({ value: c.header, style: 'header' as const })));
  }

  get rowCount(): number {
    return this.rows;
  }

  addRow(values: SheetValues): void | Promise<void> {
    this.rows++;
    return this.sheet.addRow(this.columns.map((c) => xlsxCell(values[c.key] ?? null, c.kind)));
  }

  finish(): Promise<void> {
    return this.book.finish();
  }

  abort(reason?: unknown): Promise<void> {
    return this.book.abort(reason);
  }
}

const CSV_NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
// OWASP's list: a cell starting with one of these is a formula to Excel (tab and CR too, for
// spreadsheets that strip them first).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: formula-like values defused with a leading ', then RFC 4180 quoting if needed. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = typeof value === 'number' ? formatNumber(value) : value;
  if (FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return CSV_NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// Lines are handed to the stream in batches of about this many characters (fewer, larger writes).
const CSV_BATCH_CHARS = 64 * 1024;

class CsvSheetWriter implements SheetWriter {
  private readonly output: ReturnType<typeof openOutput>;
  private batch: string[] = [];
  private batchChars = 0;
  private rows = 0;
  private finished = false;

  constructor(
    out: SheetOutput,
    private readonly columns: SheetColumn[],
  ) {
    this.output = openOutput(out);
    this.batch.push('\uFEFF', `${columns.map((c) => csvField(c.header)).join(',')}\r\n`);
  }

  get rowCount(): number {
    return this.rows;
  }

  addRow(values: SheetValues): void | Promise<void> {
    this.throwIfFailed();
    this.rows++;
    const line = `${this.columns.map((c) => csvField(values[c.key] ?? null)).join(',')}\r\n`;
    this.batch.push(line);
    this.batchChars += line.length;
    if (this.batchChars < CSV_BATCH_CHARS) return;
    return this.flush();
  }

  private throwIfFailed(): void {
    const failure = this.output.failure();
    if (failure) throw failure;
  }

  private flush(): void | Promise<void> {
    if (this.batch.length === 0) return;
    const text = this.batch.join('');
    this.batch = [];
    this.batchChars = 0;
    if (this.output.sink.write(text, 'utf8')) return;
    // Backpressure: resolve on 'drain'; once() rejects if the stream errors instead.
    return once(this.output.sink, 'drain').then(() => undefined);
  }

  async finish(): Promise<void> {
    if (this.finished) throw new Error('CsvSheetWriter: already finished');
    this.finished = true;
    this.throwIfFailed();
    await this.flush();
    this.output.sink.end();
    await this.output.done;
  }

  abort(reason?: unknown): Promise<void> {
    this.finished = true;
    return this.output.abort(reason ?? new Error('aborted'));
  }
}

/**
 * A writer for one sheet of data. `out` is a file path or a writable stream (an HTTP response, say);
 * a stream is ended by finish(). Always `await writer.addRow(...)`: that is how memory stays bounded.
 */
export function createSheetWriter(out: SheetOutput, format: WriteFormat, columns: SheetColumn[], options: SheetWriterOptions = {}): SheetWriter {
  return format === 'xlsx' ? new XlsxSheetWriter(out, columns, options) : new CsvSheetWriter(out, columns);
}

export interface TemplateOptions {
  /** xlsx: name of the data sheet (the first sheet, the one the reader reads); default '导入数据'. */
  sheetName?: string;
  /** xlsx: extra lines on the 说明 sheet, after the standard ones. */
  instructions?: string[];
  /** xlsx: how many rows below the header get their column's text/date format; default 2000. */
  preformattedRows?: number;
}

// Used when a column has no example of its own. The ID is the sample number from GB 11643 itself.
const DEFAULT_EXAMPLES: Partial<Record<ColumnKind, string>> = {
  date: '1990-01-31',
  'id-number': '11010519491231002X',
  integer: '1',
  boolean: '是',
};

function exampleOf(col: ColumnSpec): string | null {
  return col.example ?? DEFAULT_EXAMPLES[col.kind] ?? null;
}

const FORMAT_TEXT: Record<ColumnKind, string> = {
  text: '文本 / Text',
  date: '日期，如 2024-01-31，也可写 2024/1/31、2024年1月31日 / Date, e.g. 2024-01-31',
  'id-number': '文本格式的身份证号码（本列已设为文本，请勿改为数字格式） / ID number as text (the column is formatted as text; keep it so)',
  integer: '整数 / Whole number',
  boolean: '填“是”或“否” / 是 (yes) or 否 (no)',
};

function exampleCell(col: ColumnSpec): XlsxCell {
  const ex = exampleOf(col);
  if (ex === null || ex === '') return { value: null, style: preformatStyle(col.kind) ?? undefined };
  if (col.kind === 'date') {
    const d = dateFromIso(ex);
    if (d) return { value: d, style: 'exampleDate' };
  }
  if (col.kind === 'integer' && /^[+-]?\d{1,15}$/.test(ex)) return { value: Number(ex), style: 'exampleNumber' };
  return { value: ex, style: 'example' };
}

function preformatStyle(kind: ColumnKind): CellStyleName | null {
  if (kind === 'text' || kind === 'id-number') return 'text';
  if (kind === 'date') return 'date';
  return null;
}

function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * An import template for `columns`. xlsx: sheet 1 has the header, one example row (grey italics) and
 * `preformattedRows` rows whose ID-number and text cells are already text-formatted and date cells
 * date-formatted (the whole columns carry the same format, for rows beyond); yes/no columns get a 是/否
 * drop-down. Sheet 2, 说明, lists every column: whether it is required and the format it expects.
 * CSV: the header and the example row only.
 */
export async function writeTemplate(out: SheetOutput, format: WriteFormat, columns: ColumnSpec[], options: TemplateOptions = {}): Promise<void> {
  if (format === 'csv') {
    const csv = new CsvSheetWriter(out, columns.map((c) => ({ key: c.key, header: c.header })));
    try {
      await csv.addRow(Object.fromEntries(columns.map((c) => [c.key, exampleOf(c)])));
      await csv.finish();
    } catch (e) {
      await csv.abort(e);
      throw e;
    }
    return;
  }
  const rows = options.preformattedRows ?? 2000;
  const book = new XlsxBookWriter(out);
  try {
    const data = book.addSheet({
      name: options.sheetName ?? '导入数据',
      freezeHeader: true,
      columns: columns.map((c) => ({
        width: defaultWidth(c.header, c.kind),
        style: c.kind === 'date' ? 'date' : c.kind === 'text' || c.kind === 'id-number' ? 'text' : 'general',
      })),
    });
    await data.addRow(columns.map((c) => ({ value: c.header, style: 'header' })));
    await data.addRow(columns.map(exampleCell));
    // Row 3 to rows+1: empty, but each ID/text/date cell already carries its format, so what people type
    // or paste there is stored as text (IDs keep all 18 digits) or as a date.
    const blank: XlsxCell[] = columns.map((c) => ({ value: null, style: preformatStyle(c.kind) ?? undefined }));
    for (let r = 3; r <= rows + 1; r++) await data.addRow(blank);
    columns.forEach((c, i) => {
      if (c.kind !== 'boolean') return;
      const col = columnLetter(i);
      data.addValidation(`${col}2:${col}${rows + 1}`, {
        type: 'list',
        allowBlank: true,
        formulae: ['"是,否"'],
        showErrorMessage: true,
        errorTitle: '是/否',
        error: '请填写“是”或“否” / Enter 是 or 否',
      });
    });

    const help = book.addSheet({
      name: '说明',
      columns: [{ width: 22, style: 'text' }, { width: 22, style: 'text' }, { width: 12, style: 'text' }, { width: 60, style: 'text' }, { width: 24, style: 'text' }, { width: 40, style: 'text' }],
    });
    const lines = [
      '填写说明 / Instructions',
      '1. 请在第一个工作表中填写数据，不要修改第一行的列名 / Fill in the first sheet; do not change the headers in row 1',
      '2. 第 2 行（灰色斜体）是示例，导入前请删除或改为真实数据 / Row 2 (grey italics) is an example: delete it or replace it before importing',
      '3. 身份证号码列已设为文本格式；从其他表格粘贴时请用“选择性粘贴 → 数值”，以免变成数字并丢失末几位 / The ID-number column is formatted as text; when pasting from another sheet use Paste Special → Values so it does not become a rounded number',
      ...(options.instructions ?? []),
    ];
    for (const line of lines) await help.addRow([{ value: line, style: line === lines[0] ? 'header' : 'text' }]);
    await help.addRow([]);
    await help.addRow(['列名', '英文列名', '是否必填', '格式要求', '示例', '说明'].map((h) => ({ value: h, style: 'header' as const })));
    for (const c of columns) {
      await help.addRow([
        { value: c.header, style: 'text' },
        { value: c.aliases?.join(' / ') ?? null, style: 'text' },
        { value: c.required ? '必填 / Required' : '选填 / Optional', style: 'text' },
        { value: FORMAT_TEXT[c.kind], style: 'wrap' },
        { value: exampleOf(c), style: 'text' },
        { value: c.note ?? null, style: 'wrap' },
      ]);
    }
    await book.finish();
  } catch (e) {
    await book.abort(e);
    throw e;
  }
}
