import { skip } from '../types.js';
import { mapColumns } from './column-map.js';
import type { BinaryFormat, ReadContext, RowParser } from './format.js';
import { unmappedProblem } from './generic-csv.js';
import { mappedRowParser } from './mapped-rows.js';

/** dBase versions seen in the wild: III without/with memo, IV with memo, Visual FoxPro. */
const VERSIONS = new Set([0x03, 0x83, 0x8b, 0xf5, 0x30, 0x31]);
const DESCRIPTOR_BYTES = 32;
const TERMINATOR = 0x0d;
const END_OF_FILE = 0x1a;
const DELETED = 0x2a;
/** dBase logicals: T/Y true, F/N false, `?` or blank unknown. */
const LOGICAL: Readonly<Record<string, string>> = {
  T: 'true',
  t: 'true',
  Y: 'true',
  y: 'true',
  F: 'false',
  f: 'false',
  N: 'false',
  n: 'false',
};

interface DbfField {
  readonly name: string;
  readonly type: string;
  readonly length: number;
}

interface DbfHeader {
  readonly records: number;
  readonly headerBytes: number;
  readonly recordBytes: number;
  readonly fields: readonly DbfField[];
}

/**
 * The table layout from the first bytes, or null when they are not a plausible dBase header. With
 * `complete` false, descriptors cut off by the end of `head` are taken on trust (detection sees
 * only the first 4 KiB); reading the table asks for all of them.
 */
function parseHeader(head: Buffer, complete: boolean): DbfHeader | null {
  if (head.length < DESCRIPTOR_BYTES + 1) return null;
  const version = head.readUInt8(0);
  const month = head.readUInt8(2);
  const day = head.readUInt8(3);
  if (!VERSIONS.has(version) || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const records = head.readUInt32LE(4);
  const headerBytes = head.readUInt16LE(8);
  const recordBytes = head.readUInt16LE(10);
  if (headerBytes < DESCRIPTOR_BYTES + 1 || recordBytes < 2) return null;
  const fields: DbfField[] = [];
  let width = 1;
  for (let at = DESCRIPTOR_BYTES; ; at += DESCRIPTOR_BYTES) {
    if (at >= headerBytes) return null;
    if (at >= head.length) return complete ? null : { records, headerBytes, recordBytes, fields };
    if (head.readUInt8(at) === TERMINATOR) break;
    if (at + DESCRIPTOR_BYTES > head.length) {
      return complete ? null : { records, headerBytes, recordBytes, fields };
    }
    const name = head
      .subarray(at, at + 11)
      .toString('latin1')
      .replace(/\0.*$/s, '')
      .trim();
    const type = String.fromCharCode(head.readUInt8(at + 11));
    const length = head.readUInt8(at + 16);
    if (name === '' || !/^[CNFDLMIBTYG@+O0]$/.test(type)) return null;
    fields.push({ name, type, length });
    width += length;
  }
  if (fields.length === 0 || width !== recordBytes) return null;
  return { records, headerBytes, recordBytes, fields };
}

/** One record's cells as text: trimmed, dates as YYYY-MM-DD, logicals as true/false/empty. */
function cells(record: Buffer, fields: readonly DbfField[]): string[] {
  const out: string[] = [];
  let at = 1;
  for (const field of fields) {
    const text = record.toString('latin1', at, at + field.length).trim();
    at += field.length;
    if (field.type === 'D' && /^\d{8}$/.test(text)) {
      out.push(`${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`);
    } else if (field.type === 'L') {
      out.push(LOGICAL[text] ?? '');
    } else {
      out.push(text);
    }
  }
  return out;
}

/**
 * dBase tables (`.dbf`), such as a shapefile's attribute table: each record is a row, read with the
 * generic column names (a point layer exported from a flight tracker keeps time, lat and lon as
 * attributes). Records are fixed-length, so the table is streamed. Text is decoded as Latin-1.
 */
export const dbfTable: BinaryFormat = {
  kind: 'binary',
  name: 'dbf',
  description: 'dBase table (.dbf), e.g. the attributes of a shapefile of points',
  identifyBytes(head) {
    const header = parseHeader(head, false);
    return header === null
      ? null
      : `content: dBase table (${header.records} records of ${header.recordBytes} bytes)`;
  },
  async readBytes(chunks, ctx, sink) {
    let buffer: Buffer = Buffer.alloc(0);
    let table: { header: DbfHeader; parse: RowParser } | null = null;
    let record = 0;
    let ended = false;
    for await (const chunk of chunks) {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      if (table === null) {
        const declared = buffer.length >= 12 ? buffer.readUInt16LE(8) : Infinity;
        if (buffer.length < declared) continue;
        const header = parseHeader(buffer, true);
        if (header === null) throw new Error('not a readable dBase table (bad field descriptors)');
        table = { header, parse: tableParser(header, ctx) };
        buffer = buffer.subarray(header.headerBytes);
      }
      const { header, parse } = table;
      let at = 0;
      while (!ended && record < header.records && buffer.length - at >= header.recordBytes) {
        if (buffer.readUInt8(at) === END_OF_FILE) {
          ended = true;
          break;
        }
        const bytes = buffer.subarray(at, at + header.recordBytes);
        at += header.recordBytes;
        record += 1;
        sink(
          bytes.readUInt8(0) === DELETED
            ? skip('deleted record')
            : parse(cells(bytes, header.fields), record),
          record,
        );
      }
      buffer = buffer.subarray(at);
    }
    if (table === null) throw new Error('truncated dBase header');
    if (record < table.header.records) {
      throw new Error(`truncated dBase table: ${record} of ${table.header.records} records`);
    }
  },
};

function tableParser(header: DbfHeader, ctx: ReadContext) {
  const names = header.fields.map((f) => f.name);
  const problem = unmappedProblem(names, ctx.options);
  if (problem !== null)
    throw new Error(`cannot read the dBase table: ${problem}; fields found: ${names.join(', ')}`);
  const map = mapColumns(names, ctx.options.fieldMap, ctx.options.units);
  ctx.note(`fields read as ${map.description}`);
  return mappedRowParser(map, names.length, ctx);
}
