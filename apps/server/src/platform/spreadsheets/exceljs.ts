/**
 * exceljs, loaded with one fix. Its XML reader (lib/utils/parse-sax.js) decodes every chunk of a
 * decompressed sheet on its own, so a Chinese character (3 bytes in UTF-8) that straddles a chunk
 * boundary turns into two U+FFFD: in a 100,000-row workbook about one row in 2,600 came back with
 * a garbled union name. Before exceljs is first required, this module puts in the module cache a
 * parse-sax that decodes through a StringDecoder, which carries partial characters over. Every
 * module of the project imports exceljs from here, never directly.
 */
import Module, { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';

const require = createRequire(import.meta.url);
const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax.js');
const excelPath = require.resolve('exceljs');
const fromExcel = createRequire(parseSaxPath);

type SaxEvent = { eventType: string; value: unknown };
interface Sax {
  on(event: string, fn: (value: unknown) => void): void;
  write(text: string): void;
}

function utf8SafeParseSax(iterable: AsyncIterable<Buffer | string> & { pipe?: unknown }): AsyncGenerator<SaxEvent[]> {
  const { SaxesParser } = fromExcel('saxes') as { SaxesParser: new () => Sax };
  const { PassThrough } = fromExcel('readable-stream') as { PassThrough: new () => AsyncIterable<Buffer> };
  return (async function* () {
    let source: AsyncIterable<Buffer | string> = iterable;
    if (typeof iterable.pipe === 'function' && !(Symbol.asyncIterator in iterable)) {
      source = (iterable as unknown as { pipe(d: unknown): AsyncIterable<Buffer> }).pipe(new PassThrough());
    }
    const parser = new SaxesParser();
    const decoder = new StringDecoder('utf8');
    let error: unknown = null;
    let events: SaxEvent[] = [];
    parser.on('error', (err) => (error = err));
    parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
    parser.on('text', (value) => events.push({ eventType: 'text', value }));
    parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
    for await (const chunk of source) {
      parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
      if (error) throw error;
      yield events;
      events = [];
    }
    const rest = decoder.end();
    if (rest) {
      parser.write(rest);
      if (error) throw error;
      yield events;
    }
  })();
}

if (require.cache[excelPath]) {
  throw new Error('exceljs was loaded before its UTF-8 fix: import it from platform/spreadsheets/exceljs.ts only');
}
const patched = new Module(parseSaxPath);
patched.filename = parseSaxPath;
patched.loaded = true;
patched.exports = utf8SafeParseSax;
require.cache[parseSaxPath] = patched;

const ExcelJS = require('exceljs') as typeof import('exceljs');
export default ExcelJS;
export type { CellValue, Row, WorkbookModel, Worksheet } from 'exceljs';
