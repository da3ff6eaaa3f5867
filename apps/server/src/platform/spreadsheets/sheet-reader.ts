/**
 * Reads a spreadsheet (xlsx or CSV) as a stream of rows keyed by column, with every value normalised
 * to a string and every cell-level problem attached to its row. Domain-free: the caller says which
 * columns exist and of which kind; validating what the values mean (ID check digits, known codes) is
 * the caller's job. Memory stays bounded: one row at a time (plus exceljs's shared-strings table).
 */
import { open } from 'node:fs/promises';
import {
  EMPTY_CELL,
  PROBLEM_MESSAGES,
  cellText,
  convertCell,
  headerKey,
  isBlank,
  type ColumnKind,
  type RawCell,
} from './cell-converter.js';
import { detectCsvEncoding, readCsvRecords, type CsvEncoding } from './csv-parser.js';
import { emptyFileError, missingColumnsError, unreadableFileError } from './spreadsheet-error.js';
import { readXlsxRawRows, type RawRow } from './xlsx-row-source.js';

export { SpreadsheetError, isSpreadsheetError, type SpreadsheetErrorCode } from './spreadsheet-error.js';
export { PROBLEM_MESSAGES, type ColumnKind } from './cell-converter.js';

export type SheetFormat = 'xlsx' | 'csv';

export interface ColumnSpec {
  key: string;
  /** The Chinese header, e.g. '身份证号码'. */
  header: string;
  /** Other accepted headers, e.g. 'ID number'. */
  aliases?: string[];
  kind: ColumnKind;
  /** The column must be present (else MISSING_COLUMNS) and each row must have a value (else a problem). */
  required?: boolean;
  /** Templates only: the value shown in the example row. */
  example?: string;
  /** Templates only: extra guidance for this column on the 说明 sheet. */
  note?: string;
}

export interface SheetProblem {
  key: string;
  message: string;
}

export interface SheetRow {
  /** 1-based spreadsheet row; the header is row 1 (unless blank rows precede it). */
  rowNumber: number;
  /** Every spec key is present: null for a blank cell or an absent optional column. */
  values: Record<string, string | null>;
  problems: SheetProblem[];
}

export interface HeaderInfo {
  rowNumber: number;
  /** Spec key → the header text as written in the file. */
  matched: Record<string, string>;
  /** Headers in the file that match no spec (their columns are ignored). */
  ignored: string[];
  /** Keys of optional specs whose column is absent. */
  absent: string[];
}

export interface ReadSheetOptions {
  columns: ColumnSpec[];
  /** Called once, when the header row has been matched, before the first data row. */
  onHeader?: (info: HeaderInfo) => void;
}

interface HeaderMatch {
  /** Spec key → 0-based column index. */
  columnOf: Map<string, number>;
}

function matchHeader(row: RawRow, specs: ColumnSpec[]): { match: HeaderMatch; info: HeaderInfo } {
  const byKey = new Map<string, ColumnSpec>();
  for (const spec of specs) {
    for (const h of [spec.header, ...(spec.aliases ?? [])]) {
      const k = headerKey(h);
      // First spec wins when two specs share a header or alias: a spec-list mistake, not the user's.
      if (!byKey.has(k)) byKey.set(k, spec);
    }
  }
  const columnOf = new Map<string, number>();
  const matched: Record<string, string> = {};
  const ignored: string[] = [];
  row.cells.forEach((cell, col) => {
    const text = cellText(cell);
    if (text === null) return;
    const spec = byKey.get(headerKey(text));
    // A second column with the same header is ignored: the first one is the one people look at.
    if (spec && !columnOf.has(spec.key)) {
      columnOf.set(spec.key, col);
      matched[spec.key] = text;
    } else ignored.push(text);
  });
  const missing = specs.filter((s) => s.required && !columnOf.has(s.key));
  if (missing.length > 0) throw missingColumnsError(missing.map((s) => ({ header: s.header, alias: s.aliases?.[0] })));
  const absent = specs.filter((s) => !columnOf.has(s.key)).map((s) => s.key);
  return { match: { columnOf }, info: { rowNumber: row.rowNumber, matched, ignored, absent } };
}

/**
 * A CSV field as a RawCell. Two Excel-isms are undone: ="0123" (the formula people type so Excel keeps
 * leading zeros and long digit strings) becomes its text, and a leading ' before = + - @ (the formula
 * injection guard our own CSV export adds) is dropped, so an export read back gives the original value.
 */
function csvCell(field: string): RawCell {
  if (field === '') return EMPTY_CELL;
  const wrapped = /^\s*="(.*)"\s*$/s.exec(field);
  if (wrapped) return { type: 'text', text: wrapped[1] ?? '' };
  if (field.length > 1 && field[0] === "'" && '=+-@\t\r'.includes(field[1] as string)) return { type: 'text', text: field.slice(1) };
  return { type: 'text', text: field };
}

async function* csvRawRows(path: string): AsyncGenerator<RawRow> {
  let encoding: CsvEncoding;
  try {
    encoding = await detectCsvEncoding(path);
  } catch (e) {
    throw unreadableFileError('missing', e);
  }
  // A workbook renamed to .csv would otherwise "parse" into one garbage header and a MISSING_COLUMNS
  // error that sends people looking for a column problem.
  if (await isWorkbookFile(path)) throw unreadableFileError('not-csv');
  try {
    for await (const { rowNumber, fields } of readCsvRecords(path, encoding)) {
      yield { rowNumber, cells: fields.map(csvCell), date1904: false };
    }
  } catch (e) {
    throw unreadableFileError('corrupt', e);
  }
}

async function isWorkbookFile(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    if (bytesRead < 4) return false;
    const magic = head.readUInt32BE(0);
    return magic === 0x504b0304 || magic === 0xd0cf11e0;
  } finally {
    await fh.close();
  }
}

function assertSpecs(specs: ColumnSpec[]): void {
  const keys = new Set<string>();
  for (const s of specs) {
    // A programming error, not a user error: plain Error, not SpreadsheetError.
    if (keys.has(s.key)) throw new Error(`readSheetRows: duplicate column key '${s.key}'`);
    keys.add(s.key);
  }
}

/**
 * The data rows of the first worksheet (xlsx) or the file (CSV). The first non-blank row is the header;
 * blank rows are skipped. Throws SpreadsheetError (UNREADABLE_FILE, EMPTY_FILE, MISSING_COLUMNS) on the
 * first iteration step, before any row is yielded.
 */
export async function* readSheetRows(input: { path: string; format: SheetFormat }, opts: ReadSheetOptions): AsyncGenerator<SheetRow> {
  const specs = opts.columns;
  assertSpecs(specs);
  const source = input.format === 'xlsx' ? readXlsxRawRows(input.path) : csvRawRows(input.path);
  let header: HeaderMatch | null = null;
  for await (const raw of source) {
    if (raw.cells.every(isBlank)) continue;
    if (!header) {
      const { match, info } = matchHeader(raw, specs);
      header = match;
      opts.onHeader?.(info);
      continue;
    }
    const values: Record<string, string | null> = {};
    const problems: SheetProblem[] = [];
    for (const spec of specs) {
      const col = header.columnOf.get(spec.key);
      const cell = col === undefined ? EMPTY_CELL : (raw.cells[col] ?? EMPTY_CELL);
      const { value, problem } = convertCell(cell, spec.kind, raw.date1904);
      values[spec.key] = value;
      if (problem) problems.push({ key: spec.key, message: problem });
      else if (value === null && spec.required) problems.push({ key: spec.key, message: PROBLEM_MESSAGES.required });
    }
    yield { rowNumber: raw.rowNumber, values, problems };
  }
  if (!header) throw emptyFileError();
}
