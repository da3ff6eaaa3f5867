/**
 * The one error a spreadsheet read throws for a file it cannot use at all. Problems with single cells
 * are not errors: they travel with the row (SheetRow.problems) so one bad cell never stops an import.
 * Messages are bilingual 'zh / en' because they are shown to the person who uploaded the file.
 */
export type SpreadsheetErrorCode = 'MISSING_COLUMNS' | 'UNREADABLE_FILE' | 'EMPTY_FILE';

export class SpreadsheetError extends Error {
  readonly code: SpreadsheetErrorCode;
  /** For MISSING_COLUMNS: the Chinese headers of the required columns that were not found. */
  readonly missingHeaders: string[];

  constructor(code: SpreadsheetErrorCode, message: string, opts: { missingHeaders?: string[]; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'SpreadsheetError';
    this.code = code;
    this.missingHeaders = opts.missingHeaders ?? [];
  }
}

export function isSpreadsheetError(e: unknown): e is SpreadsheetError {
  return e instanceof SpreadsheetError;
}

export function missingColumnsError(missing: Array<{ header: string; alias?: string }>): SpreadsheetError {
  const zh = missing.map((m) => m.header).join('、');
  const en = missing.map((m) => (m.alias ? `${m.header} (${m.alias})` : m.header)).join(', ');
  return new SpreadsheetError('MISSING_COLUMNS', `缺少必需的列：${zh} / Missing required columns: ${en}`, {
    missingHeaders: missing.map((m) => m.header),
  });
}

export function emptyFileError(): SpreadsheetError {
  return new SpreadsheetError('EMPTY_FILE', '文件中没有数据 / The file contains no data');
}

export function unreadableFileError(reason: 'missing' | 'not-xlsx' | 'not-csv' | 'legacy-xls' | 'corrupt', cause?: unknown): SpreadsheetError {
  const text: Record<typeof reason, string> = {
    missing: '无法打开文件 / The file could not be opened',
    'not-xlsx': '文件不是有效的 Excel (.xlsx) 文件 / The file is not a valid Excel (.xlsx) workbook',
    'not-csv': '文件是 Excel 工作簿而不是 CSV 文本，请以 .xlsx 文件上传 / The file is an Excel workbook, not CSV text; upload it as .xlsx',
    'legacy-xls':
      '不支持旧版 Excel 97-2003 (.xls) 文件，请在 Excel 中另存为 .xlsx 后重新上传 / Excel 97-2003 (.xls) files are not supported; save the file as .xlsx and upload it again',
    corrupt: '文件已损坏或格式不正确，无法读取 / The file is damaged or malformed and cannot be read',
  };
  return new SpreadsheetError('UNREADABLE_FILE', text[reason], { cause });
}
