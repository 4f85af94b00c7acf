/** Writes dBase III tables, for fixtures and tests (sortie only reads them). */

/** A dBase III table with the given fields; `deleted` marks records by index. */
export function dbfBytes(
  fields: readonly { name: string; type: string; length: number; decimals?: number }[],
  records: readonly (readonly string[])[],
  deleted: ReadonlySet<number> = new Set(),
): Buffer {
  const headerBytes = 32 + 32 * fields.length + 1;
  const recordBytes = 1 + fields.reduce((a, f) => a + f.length, 0);
  const header = Buffer.alloc(headerBytes);
  header.writeUInt8(0x03, 0);
  header.writeUInt8(125, 1);
  header.writeUInt8(2, 2);
  header.writeUInt8(8, 3);
  header.writeUInt32LE(records.length, 4);
  header.writeUInt16LE(headerBytes, 8);
  header.writeUInt16LE(recordBytes, 10);
  fields.forEach((f, i) => {
    const at = 32 + 32 * i;
    header.write(f.name.slice(0, 10), at, 'latin1');
    header.writeUInt8(f.type.charCodeAt(0), at + 11);
    header.writeUInt8(f.length, at + 16);
    header.writeUInt8(f.decimals ?? 0, at + 17);
  });
  header.writeUInt8(0x0d, headerBytes - 1);
  const body = Buffer.alloc(records.length * recordBytes + 1, 0x20);
  records.forEach((r, k) => {
    let at = k * recordBytes;
    body.writeUInt8(deleted.has(k) ? 0x2a : 0x20, at);
    at += 1;
    fields.forEach((f, i) => {
      const cell = r[i] ?? '';
      const text = f.type === 'N' ? cell.padStart(f.length) : cell.padEnd(f.length);
      body.write(text.slice(0, f.length), at, 'latin1');
      at += f.length;
    });
  });
  body.writeUInt8(0x1a, records.length * recordBytes);
  return Buffer.concat([header, body]);
}
