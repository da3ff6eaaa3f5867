/**
 * Streaming CSV: encoding detection, decoding in chunks, and an RFC 4180 record parser that keeps
 * only the record in progress in memory, whatever the file size.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

const CHUNK_BYTES = 256 * 1024;

/**
 * Which encoding a CSV file is in. A BOM decides outright. Otherwise the whole file is checked for
 * valid UTF-8 (streamed, stopping at the first invalid byte): Chinese Excel saves "CSV (逗号分隔)" in
 * GBK without a BOM, and GBK text is practically never valid UTF-8, while pure ASCII is both. A file
 * that is not UTF-8 is read as GB18030, the superset of GBK and GB2312. A quick check of the first
 * kilobytes would not do: the first lines may be ASCII and the first Chinese name far below.
 */
export async function detectCsvEncoding(path: string): Promise<CsvEncoding> {
  const head = Buffer.alloc(3);
  const fh = await open(path, 'r');
  try {
    const { bytesRead } = await fh.read(head, 0, 3, 0);
    if (bytesRead >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
    if (bytesRead >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
    if (bytesRead >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  } finally {
    await fh.close();
  }
  const validator = new TextDecoder('utf-8', { fatal: true });
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // Pure-ASCII chunks (most of a member list: digits, dates) need no decoding at all.
      if (isAscii(chunk)) continue;
      validator.decode(chunk, { stream: true });
    }
  } catch {
    return 'gb18030';
  } finally {
    stream.destroy();
  }
  return 'utf-8';
}

function isAscii(chunk: Buffer): boolean {
  for (let i = 0; i < chunk.length; i++) if ((chunk[i] as number) > 0x7f) return false;
  return true;
}

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * RFC 4180 record parser fed with decoded text in chunks of any size (a chunk may end inside a quoted
 * field, between "" or between \r and \n). Accepts CRLF, LF and lone CR line ends. Lenient like Excel
 * where RFC 4180 is silent: a quote inside an unquoted field is kept as a character, and characters after
 * a closing quote are appended to the field. Runs of plain characters are copied with slice, not one
 * character at a time: this loop is the hot path of a 100,000-row import.
 */
export class CsvRecordParser {
  private state = FIELD_START;
  private field = '';
  private record: string[] = [];
  private skipLf = false;
  private readonly delim: number;

  constructor(delimiter = ',') {
    this.delim = delimiter.charCodeAt(0);
  }

  push(text: string): string[][] {
    const out: string[][] = [];
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.skipLf) {
        this.skipLf = false;
        if (text.charCodeAt(i) === LF) {
          i++;
          continue;
        }
      }
      switch (this.state) {
        case QUOTED: {
          const q = text.indexOf('"', i);
          if (q === -1) {
            this.field += text.slice(i);
            i = n;
          } else {
            this.field += text.slice(i, q);
            this.state = QUOTE_IN_QUOTED;
            i = q + 1;
          }
          break;
        }
        case QUOTE_IN_QUOTED:
          if (text.charCodeAt(i) === QUOTE) {
            this.field += '"';
            this.state = QUOTED;
            i++;
          } else this.state = UNQUOTED;
          break;
        case FIELD_START:
          if (text.charCodeAt(i) === QUOTE) {
            this.state = QUOTED;
            i++;
          } else this.state = UNQUOTED;
          break;
        default: {
          let j = i;
          let c = 0;
          while (j < n) {
            c = text.charCodeAt(j);
            if (c === this.delim || c === LF || c === CR) break;
            j++;
          }
          if (j > i) this.field += text.slice(i, j);
          i = j;
          if (j < n) {
            i++;
            if (c === this.delim) {
              this.record.push(this.field);
              this.field = '';
              this.state = FIELD_START;
            } else {
              this.skipLf = c === CR;
              this.endRecord(out);
            }
          }
        }
      }
    }
    return out;
  }

  /** Flush the last record of a file that does not end with a line break. */
  end(): string[][] {
    if (this.state === FIELD_START && this.field === '' && this.record.length === 0) return [];
    const out: string[][] = [];
    this.endRecord(out);
    return out;
  }

  private endRecord(out: string[][]): void {
    this.record.push(this.field);
    out.push(this.record);
    this.record = [];
    this.field = '';
    this.state = FIELD_START;
  }
}

/**
 * The delimiter, from the first non-empty line: ',' normally, ';' from a European-locale Excel, and tab
 * from Excel's "Unicode text" (UTF-16) export. Counted outside quotes; ties and no hits mean ','.
 */
export function guessDelimiter(firstText: string): string {
  const line =
    firstText
      .split(/\r\n|\n|\r/)
      .find((l) => l.trim() !== '')
      ?.replace(/"[^"]*"/g, '') ?? '';
  const count = (d: string) => line.split(d).length - 1;
  const comma = count(',');
  const best = [';', '\t'].find((d) => count(d) > comma);
  return best ?? ',';
}

/** The records of a CSV file, in order, with a 1-based record number (the row Excel would show). */
export async function* readCsvRecords(path: string, encoding: CsvEncoding): AsyncGenerator<{ rowNumber: number; fields: string[] }> {
  // The default (non-fatal) decoder strips a UTF-8/UTF-16 BOM and keeps going past a stray bad byte.
  const decoder = new TextDecoder(encoding);
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let parser: CsvRecordParser | null = null;
  let pending = '';
  let rowNumber = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let text = decoder.decode(chunk, { stream: true });
      if (!parser) {
        // Wait for a full first line (or 64 KB) before guessing the delimiter.
        pending += text;
        if (!/[\r\n]/.test(pending) && pending.length < 65_536) continue;
        parser = new CsvRecordParser(guessDelimiter(pending));
        text = pending;
        pending = '';
      }
      for (const fields of parser.push(text)) yield { rowNumber: ++rowNumber, fields };
    }
    const tail = decoder.decode();
    parser ??= new CsvRecordParser(guessDelimiter(pending + tail));
    for (const fields of [...parser.push(pending + tail), ...parser.end()]) yield { rowNumber: ++rowNumber, fields };
  } finally {
    stream.destroy();
  }
}
