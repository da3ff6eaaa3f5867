import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvRecordParser, detectCsvEncoding, guessDelimiter, readCsvRecords } from './csv-parser.js';

function parseAll(text: string, chunkSize = text.length || 1): string[][] {
  const p = new CsvRecordParser();
  const out: string[][] = [];
  for (let i = 0; i < text.length; i += chunkSize) out.push(...p.push(text.slice(i, i + chunkSize)));
  out.push(...p.end());
  return out;
}

const SAMPLE = 'a,b,c\r\n"x,1","he said ""hi""","line1\r\nline2"\r\n\r\n,,\rlast,"",tail';
const EXPECTED = [['a', 'b', 'c'], ['x,1', 'he said "hi"', 'line1\r\nline2'], [''], ['', '', ''], ['last', '', 'tail']];

describe('CsvRecordParser', () => {
  it('parses RFC 4180: quoted commas, doubled quotes, line breaks in quotes, CRLF/CR/LF', () => {
    expect(parseAll(SAMPLE)).toEqual(EXPECTED);
  });

  it('gives the same records whatever the chunk boundaries (inside "", between \\r and \\n)', () => {
    for (const size of [1, 2, 3, 5, 7]) expect(parseAll(SAMPLE, size)).toEqual(EXPECTED);
  });

  it('is lenient where Excel is: stray quotes in unquoted fields, text after a closing quote', () => {
    expect(parseAll('a"b,"c"d,="0123"\n')).toEqual([['a"b', 'cd', '="0123"']]);
  });

  it('does not emit a record for the final line break', () => {
    expect(parseAll('a,b\n')).toEqual([['a', 'b']]);
    expect(parseAll('a,b')).toEqual([['a', 'b']]);
    expect(parseAll('')).toEqual([]);
  });

  it('takes other delimiters', () => {
    const p = new CsvRecordParser('\t');
    expect([...p.push('a\tb,c\n'), ...p.end()]).toEqual([['a', 'b,c']]);
  });
});

describe('guessDelimiter', () => {
  it('picks comma unless the first line clearly uses tabs or semicolons', () => {
    expect(guessDelimiter('姓名,身份证号码\n')).toBe(',');
    expect(guessDelimiter('\n姓名\t身份证号码\t出生日期\n')).toBe('\t');
    expect(guessDelimiter('姓名;身份证号码;"a,b"\n')).toBe(';');
    expect(guessDelimiter('姓名\n')).toBe(',');
  });
});

describe('detectCsvEncoding', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gh-csv-'));

  it('finds GBK even when the first Chinese character is far into the file', async () => {
    // 300 KB of ASCII first: more than one read chunk, so a check of the first chunk alone would miss it.
    const ascii = Buffer.from('id,n\n' + '12345,67890\n'.repeat(25_000));
    const gbkName = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]); // 张三 in GBK
    const file = path.join(dir, 'late-gbk.csv');
    writeFileSync(file, Buffer.concat([ascii, Buffer.from('1,'), gbkName, Buffer.from('\n')]));
    expect(await detectCsvEncoding(file)).toBe('gb18030');
    const records: string[][] = [];
    for await (const r of readCsvRecords(file, 'gb18030')) records.push(r.fields);
    expect(records.at(-1)).toEqual(['1', '张三']);
    expect(records).toHaveLength(25_002);
  });

  it('UTF-8 with and without BOM, UTF-16 by BOM, ASCII as UTF-8', async () => {
    const write = (name: string, data: Buffer) => {
      const f = path.join(dir, name);
      writeFileSync(f, data);
      return f;
    };
    expect(await detectCsvEncoding(write('bom.csv', Buffer.from('\uFEFF姓名\n', 'utf8')))).toBe('utf-8');
    expect(await detectCsvEncoding(write('nobom.csv', Buffer.from('姓名\n', 'utf8')))).toBe('utf-8');
    expect(await detectCsvEncoding(write('ascii.csv', Buffer.from('a,b\n')))).toBe('utf-8');
    const utf16 = write('u16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名\t身份证号码\n张三\t1\n', 'utf16le')]));
    expect(await detectCsvEncoding(utf16)).toBe('utf-16le');
    const rows: string[][] = [];
    for await (const r of readCsvRecords(utf16, 'utf-16le')) rows.push(r.fields);
    expect(rows).toEqual([
      ['姓名', '身份证号码'],
      ['张三', '1'],
    ]);
  });

  it('numbers records like Excel rows, counting blank lines and not counting line breaks inside quotes', async () => {
    const f = path.join(dir, 'rows.csv');
    writeFileSync(f, 'h1,h2\n"a\nb",1\n\nc,2\n');
    const got: Array<[number, string[]]> = [];
    for await (const r of readCsvRecords(f, 'utf-8')) got.push([r.rowNumber, r.fields]);
    expect(got).toEqual([
      [1, ['h1', 'h2']],
      [2, ['a\nb', '1']],
      [3, ['']],
      [4, ['c', '2']],
    ]);
  });
});
