/**
 * The rows of an xlsx file's first worksheet as RawCells, streamed with exceljs's WorkbookReader.
 * Never loads the workbook: memory holds the shared-strings table (exceljs keeps it whole), the
 * styles, and one row at a time.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import ExcelJS, { type CellValue, type Row, type WorkbookModel } from './exceljs.js';
import { EMPTY_CELL, dateCell, exceljsDateToSerial, type RawCell } from './cell-converter.js';
import { unreadableFileError, isSpreadsheetError } from './spreadsheet-error.js';

export interface RawRow {
  /** The spreadsheet row number (1-based, as Excel shows it; gaps where the file has no row). */
  rowNumber: number;
  /** Index 0 is column A; holes are empty cells. */
  cells: RawCell[];
  /** The workbook counts serial days from 1904 (old Mac Excel) instead of 1900. */
  date1904: boolean;
}

// styles: 'cache' is what makes exceljs tell a date cell (a number with a date format) from a number.
const READER_OPTIONS = {
  entries: 'emit',
  sharedStrings: 'cache',
  hyperlinks: 'ignore',
  styles: 'cache',
  worksheets: 'emit',
} as const;

/**
 * Whether a number format shows a date, as exceljs decides it for plain cells (any of y m d h s outside
 * quoted literals and [..] sections), here also skipping backslash-escaped literals like LibreOffice's
 * "yyyy\年m\月d\日". exceljs only applies its check to plain number cells; a formula's cached result
 * arrives as a bare number, so this is needed for =DATE(…) and friends.
 */
export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const stripped = fmt
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '');
  return /[ymdhs]/i.test(stripped) && !/^general$/i.test(stripped.trim());
}

function fromResult(result: unknown, numFmt: string | undefined, date1904: boolean): RawCell {
  if (result === null || result === undefined) return EMPTY_CELL;
  if (typeof result === 'string') return { type: 'text', text: result };
  if (typeof result === 'boolean') return { type: 'boolean', value: result };
  if (typeof result === 'number') {
    // exceljs parses the cached value with parseFloat: an error result (t="e", "#N/A") becomes NaN.
    if (Number.isNaN(result)) return { type: 'error', code: '' };
    return isDateFormat(numFmt) ? dateCell(result, date1904) : { type: 'number', value: result };
  }
  if (result instanceof Date) return dateCell(exceljsDateToSerial(result, date1904), date1904);
  if (typeof result === 'object' && 'error' in result) return { type: 'error', code: String(result.error) };
  return EMPTY_CELL;
}

/** One exceljs cell value to a RawCell: rich text joined, formulas replaced by their cached result. */
export function rawFromCellValue(value: CellValue, numFmt: string | undefined, date1904: boolean): RawCell {
  if (value === null || value === undefined) return EMPTY_CELL;
  switch (typeof value) {
    case 'string':
      return { type: 'text', text: value };
    case 'number':
      return { type: 'number', value };
    case 'boolean':
      return { type: 'boolean', value };
    default:
      break;
  }
  if (value instanceof Date) return dateCell(exceljsDateToSerial(value, date1904), date1904);
  if ('richText' in value) return { type: 'text', text: value.richText.map((r) => r.text ?? '').join('') };
  // A shared formula's dependent cells carry formula '' (exceljs then types them as JSON, not Formula),
  // so the cached result is looked for whatever the formula field says.
  if ('result' in value || 'formula' in value || 'sharedFormula' in value) {
    return fromResult('result' in value ? value.result : undefined, numFmt, date1904);
  }
  if ('error' in value) return { type: 'error', code: String(value.error) };
  if ('hyperlink' in value) return { type: 'text', text: value.text ?? '' };
  return EMPTY_CELL;
}

function toRawRow(row: Row, date1904: boolean): RawRow {
  const cells: RawCell[] = [];
  row.eachCell((cell, col) => {
    cells[col - 1] = rawFromCellValue(cell.value, cell.numFmt, date1904);
  });
  return { rowNumber: row.number, cells, date1904 };
}

async function assertLooksLikeXlsx(path: string): Promise<void> {
  let head: Buffer;
  try {
    const fh = await open(path, 'r');
    try {
      head = Buffer.alloc(4);
      const { bytesRead } = await fh.read(head, 0, 4, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw unreadableFileError('missing', e);
  }
  if (head.length === 4 && head.readUInt32BE(0) === 0x504b0304) return;
  // An OLE2 compound file: an Excel 97-2003 .xls, or an xlsx encrypted with a password.
  if (head.length === 4 && head.readUInt32BE(0) === 0xd0cf11e0) throw unreadableFileError('legacy-xls');
  throw unreadableFileError('not-xlsx');
}

function sheetName(sheet: unknown): string | undefined {
  const name = (sheet as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

/** The tab a user sees first: the first sheet in workbook order that is not hidden. */
function firstVisibleSheetName(model: WorkbookModel | undefined): string | undefined {
  const sheets: unknown[] = model?.sheets ?? [];
  for (const s of sheets) {
    const { name, state } = s as { name?: unknown; state?: unknown };
    if (state === 'hidden' || state === 'veryHidden') continue;
    return typeof name === 'string' ? name : undefined;
  }
  return undefined;
}

function readDate1904(reader: unknown): boolean {
  const props = (reader as { properties?: { model?: { date1904?: unknown } } }).properties;
  return props?.model?.date1904 === true;
}

async function drainSheet(sheet: AsyncIterable<unknown>): Promise<void> {
  for await (const _row of sheet) {
    // read through only, see readXlsxRawRows
  }
}

/**
 * Rows of the first worksheet.
 *
 * exceljs parks each worksheet in a temp file when the zip stores it before the shared strings (Excel
 * and LibreOffice both do), and deletes that file only when its iteration moves past the worksheet.
 * Those files hold the uploaded personal data, so they must not linger until the process exits:
 * later worksheets are read through (not processed), and when the caller stops early, the rest of the
 * workbook is read through in the background, which runs the cleanups.
 */
export async function* readXlsxRawRows(path: string): AsyncGenerator<RawRow> {
  await assertLooksLikeXlsx(path);
  const input = createReadStream(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, READER_OPTIONS);
  const sheets = reader[Symbol.asyncIterator]();
  let found = false;
  let seen = 0;
  let completed = false;
  try {
    for (;;) {
      const next = await sheets.next();
      if (next.done) break;
      seen++;
      const sheet = next.value;
      const wanted = firstVisibleSheetName(reader.model as WorkbookModel | undefined);
      if (found || (wanted !== undefined && sheetName(sheet) !== wanted)) {
        await drainSheet(sheet);
        continue;
      }
      found = true;
      const date1904 = readDate1904(reader);
      for await (const row of sheet) yield toRawRow(row, date1904);
    }
    completed = true;
    // A zip without a single worksheet (a renamed .docx, say) is not a workbook. An empty workbook
    // still has one worksheet, and comes out as EMPTY_FILE further up.
    if (seen === 0) throw unreadableFileError('not-xlsx');
  } catch (e) {
    completed = true;
    if (isSpreadsheetError(e)) throw e;
    throw unreadableFileError('corrupt', e);
  } finally {
    if (completed) input.destroy();
    else void finishInBackground(sheets, () => input.destroy());
  }
}

async function finishInBackground(sheets: AsyncIterator<AsyncIterable<unknown>>, done: () => void): Promise<void> {
  try {
    for (;;) {
      const next = await sheets.next();
      if (next.done) break;
      await drainSheet(next.value);
    }
  } catch {
    // Nothing to report to: the caller has moved on. The input is closed below either way.
  } finally {
    done();
  }
}
