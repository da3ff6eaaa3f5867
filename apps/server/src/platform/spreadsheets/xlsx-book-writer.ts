/**
 * The streaming xlsx writer under createSheetWriter, writeTemplate and writeErrorWorkbook: exceljs's
 * WorkbookWriter, committing every row as it is added, plus the backpressure exceljs does not do.
 *
 * Why the backpressure: exceljs writes each committed row into an in-memory buffer that the zip
 * compressor drains when it gets a turn, and never tells the producer to wait. A loop adding 100,000
 * rows without yielding buffers the whole sheet (measured: ~0.6 MB per 1,000 rows of 10 columns, never
 * released until the end). addRow therefore returns a promise, now and then, that waits until the
 * buffered bytes have gone down, which also makes a slow HTTP client slow the producer down.
 */
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from './exceljs.js';
import type { DataValidation, Style, Worksheet, WorksheetView } from 'exceljs';

export type SheetOutput = { path: string } | { stream: NodeJS.WritableStream };

export type CellStyleName =
  | 'text'
  | 'date'
  | 'number'
  | 'header'
  | 'example'
  | 'exampleDate'
  | 'exampleNumber'
  | 'problem'
  | 'wrap';
export type ColumnStyleName = 'text' | 'date' | 'number' | 'general';

export interface XlsxCell {
  value: string | number | Date | null;
  /** Without a style a cell keeps its column's format; an empty cell without a style is not written. */
  style?: CellStyleName;
}

// Excel refuses a cell longer than this; cutting it keeps the file openable.
const MAX_CELL_CHARS = 32_767;
// Check the buffers every this many rows; pause above HIGH_WATER, resume below LOW_WATER.
const CHECK_EVERY_ROWS = 64;
const HIGH_WATER_BYTES = 8 * 1024 * 1024;
const LOW_WATER_BYTES = 1024 * 1024;

const TEXT = '@';
const DATE = 'yyyy-mm-dd';

/**
 * One style object per name, shared by every cell: exceljs caches a style's id by object identity
 * (a WeakMap), so sharing makes styling a cell O(1) instead of re-serialising the style each time.
 */
function makeStyles(): Record<CellStyleName, Partial<Style>> {
  const exampleFont = { italic: true, color: { argb: 'FF808080' } };
  return {
    text: { numFmt: TEXT },
    date: { numFmt: DATE },
    number: { numFmt: 'General' },
    header: {
      numFmt: TEXT,
      font: { bold: true },
      fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } },
      alignment: { vertical: 'middle' },
    },
    example: { numFmt: TEXT, font: exampleFont },
    exampleDate: { numFmt: DATE, font: exampleFont },
    exampleNumber: { numFmt: 'General', font: exampleFont },
    problem: {
      numFmt: TEXT,
      font: { color: { argb: 'FF9C0006' } },
      fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } },
    },
    wrap: { numFmt: TEXT, alignment: { wrapText: true, vertical: 'top' } },
  };
}

const COLUMN_STYLES: Record<ColumnStyleName, Partial<Style> | undefined> = {
  text: { numFmt: TEXT },
  date: { numFmt: DATE },
  number: undefined,
  general: undefined,
};

function toCellValue(value: string | number | Date | null): string | number | Date | null {
  if (typeof value === 'string' && value.length > MAX_CELL_CHARS) return value.slice(0, MAX_CELL_CHARS);
  return value;
}

interface Output {
  sink: PassThrough;
  done: Promise<void>;
  failure: () => unknown;
  abort: (reason: unknown) => Promise<void>;
}

/**
 * A PassThrough we own, piped into the file or the caller's stream. Owning it gives one place to
 * measure what is buffered and one promise (pipeline) that settles when the destination has everything.
 */
export function openOutput(out: SheetOutput): Output {
  const sink = new PassThrough();
  const file = 'path' in out ? createWriteStream(out.path) : null;
  const dest = 'path' in out ? file! : out.stream;
  let failure: unknown = null;
  const done = pipeline(sink, dest);
  // Record the failure now; it is rethrown by the next addRow or by finish. Without this an early
  // error (a missing directory) would be an unhandled rejection.
  done.catch((e: unknown) => {
    failure = e ?? new Error('output failed');
  });
  return {
    sink,
    done,
    failure: () => failure,
    async abort(reason: unknown) {
      sink.destroy(reason instanceof Error ? reason : new Error('aborted'));
      await done.catch(() => undefined);
      // A half-written file must not be mistaken for an export. A file stream destroyed before its
      // open finished still opens (creating the file) and then closes: unlink only after that.
      if (file) {
        if (!file.closed) await once(file, 'close').catch(() => undefined);
        await unlink(file.path).catch(() => undefined);
      }
    },
  };
}

interface BufferLike {
  length?: unknown;
}
interface PipeLike {
  _writableState?: { length?: unknown };
  _readableState?: { length?: unknown };
}

/**
 * Bytes exceljs holds for this worksheet that the zip has not consumed yet. exceljs 4.4 keeps them in
 * the worksheet's StreamBuf (`_stream.buffers`, until the zip pipes it) and in the PassThrough the zip
 * pipes it into (`_stream.pipes[0]`). These are internals, read defensively: if the shape ever changes
 * this returns undefined and the writer falls back to yielding to the event loop.
 */
function exceljsBacklog(worksheet: Worksheet): number | undefined {
  const streamBuf = (worksheet as unknown as { _stream?: { buffers?: unknown; pipes?: unknown } })._stream;
  if (!streamBuf) return 0;
  if (!Array.isArray(streamBuf.buffers) || !Array.isArray(streamBuf.pipes)) return undefined;
  let bytes = 0;
  for (const b of streamBuf.buffers as BufferLike[]) if (typeof b.length === 'number') bytes += b.length;
  for (const p of streamBuf.pipes as PipeLike[]) {
    const w = p._writableState?.length;
    const r = p._readableState?.length;
    if (typeof w === 'number') bytes += w;
    if (typeof r === 'number') bytes += r;
  }
  return bytes;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface SheetLayout {
  name: string;
  columns: Array<{ width: number; style: ColumnStyleName }>;
  /** Freeze row 1 (the header) so it stays visible while scrolling. */
  freezeHeader?: boolean;
}

export class XlsxSheet {
  private nextRow = 1;
  private sinceCheck = 0;
  private committed = false;

  constructor(
    private readonly book: XlsxBookWriter,
    readonly worksheet: Worksheet,
  ) {}

  get rowsWritten(): number {
    return this.nextRow - 1;
  }

  addRow(cells: XlsxCell[], opts: { height?: number } = {}): void | Promise<void> {
    if (this.committed) throw new Error('XlsxSheet: sheet already committed');
    this.book.throwIfFailed();
    const row = this.worksheet.getRow(this.nextRow++);
    if (opts.height) row.height = opts.height;
    cells.forEach((cell, i) => {
      if (cell.value === null && cell.style === undefined) return;
      const c = row.getCell(i + 1);
      if (cell.style !== undefined) c.style = this.book.styles[cell.style];
      const value = toCellValue(cell.value);
      if (value !== null) c.value = value;
    });
    row.commit();
    if (++this.sinceCheck < CHECK_EVERY_ROWS) return;
    this.sinceCheck = 0;
    return this.book.relieve(this.worksheet);
  }

  addValidation(range: string, validation: DataValidation): void {
    // The streaming WorksheetWriter has dataValidations (written on commit) though the typings omit it.
    const sheet = this.worksheet as unknown as { dataValidations: { add(range: string, v: DataValidation): void } };
    sheet.dataValidations.add(range, validation);
  }

  commit(): void {
    if (this.committed) return;
    this.committed = true;
    this.worksheet.commit();
  }
}

export class XlsxBookWriter {
  readonly styles = makeStyles();
  private readonly output: Output;
  private readonly workbook: InstanceType<typeof ExcelJS.stream.xlsx.WorkbookWriter>;
  private current: XlsxSheet | null = null;
  private finished = false;

  constructor(out: SheetOutput) {
    this.output = openOutput(out);
    // Inline strings, not shared strings: a shared-strings table would hold every distinct value of the
    // export in memory until the end. Styles are on (dates, text format, bold header).
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: this.output.sink, useStyles: true, useSharedStrings: false });
  }

  /** Sheets are written one after another: adding a sheet commits the previous one. */
  addSheet(layout: SheetLayout): XlsxSheet {
    // Committing first matters for backpressure too: the zip reads worksheet entries in order, so rows of
    // a second open sheet would wait for the first one to close, and waiting for them would deadlock.
    this.current?.commit();
    const views: Array<Partial<WorksheetView>> = layout.freezeHeader
      ? [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }]
      : [];
    const worksheet = this.workbook.addWorksheet(layout.name, { views });
    worksheet.columns = layout.columns.map((c) => {
      const style = COLUMN_STYLES[c.style];
      return style ? { width: c.width, style } : { width: c.width };
    });
    this.current = new XlsxSheet(this, worksheet);
    return this.current;
  }

  throwIfFailed(): void {
    const failure = this.output.failure();
    if (failure) throw failure;
  }

  /** Wait while exceljs and our sink hold more than HIGH_WATER bytes, until they are under LOW_WATER. */
  async relieve(worksheet: Worksheet): Promise<void> {
    const backlog = () => {
      const inExceljs = exceljsBacklog(worksheet);
      if (inExceljs === undefined) return undefined;
      return inExceljs + this.output.sink.writableLength + this.output.sink.readableLength;
    };
    let bytes = backlog();
    if (bytes === undefined) {
      // Unknown exceljs internals: at least let the compressor and the destination have a turn.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return;
    }
    if (bytes < HIGH_WATER_BYTES) return;
    while (bytes !== undefined && bytes > LOW_WATER_BYTES) {
      this.throwIfFailed();
      await delay(2);
      bytes = backlog();
    }
  }

  async finish(): Promise<void> {
    if (this.finished) throw new Error('XlsxBookWriter: already finished');
    this.finished = true;
    this.throwIfFailed();
    this.current?.commit();
    await this.workbook.commit();
    await this.output.done;
  }

  async abort(reason?: unknown): Promise<void> {
    this.finished = true;
    await this.output.abort(reason ?? new Error('aborted'));
  }
}
