import { createGunzip, type ZlibOptions } from 'node:zlib';
import { Readable } from 'node:stream';

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
/** zlib options are stream options too; Node's types list only the zlib ones. */
export const GUNZIP_OPTIONS: ZlibOptions & { highWaterMark: number } = {
  chunkSize: 1 << 20,
  highWaterMark: 4 << 20,
};

/** Yields the bytes of a source, gunzipped when they start with the gzip magic, whatever the name. */
export async function* decompressed(
  bytes: AsyncIterable<Uint8Array>,
): AsyncGenerator<Buffer, void, undefined> {
  const it = bytes[Symbol.asyncIterator]();
  let head: Buffer = Buffer.alloc(0);
  // Gather at least two bytes to see the magic; sources may deliver 1-byte chunks.
  while (head.length < 2) {
    const next = await it.next();
    if (next.done) break;
    const v = next.value;
    head =
      head.length === 0
        ? Buffer.from(v.buffer, v.byteOffset, v.byteLength)
        : Buffer.concat([head, Buffer.from(v)]);
  }
  async function* rest(): AsyncGenerator<Buffer, void, undefined> {
    if (head.length > 0) yield head;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      // A view, not a copy: a copy of every chunk costs more than the fast path's whole scan.
      const v = next.value;
      yield Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    }
  }
  if (head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1) {
    // Node's default 16 KiB output chunks make gunzip itself twice as slow, and each chunk needs a
    // turn of this thread before inflating goes on; with 1 MiB chunks and a deeper buffer inflate
    // runs ahead on the thread pool while the rows are read.
    yield* Readable.from(rest()).pipe(createGunzip(GUNZIP_OPTIONS)) as AsyncIterable<Buffer>;
  } else {
    yield* rest();
  }
}

/** Splits decoded text into lines (LF or CRLF), in batches, with a UTF-8 decoder that is safe across chunk edges. */
export async function* lineBatches(
  chunks: AsyncIterable<Buffer>,
): AsyncGenerator<string[], void, undefined> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let first = true;
  for await (const chunk of chunks) {
    let text = rest + decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const batch: string[] = [];
    let start = 0;
    for (;;) {
      const i = text.indexOf('\n', start);
      if (i < 0) break;
      const end = i > start && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
      batch.push(text.slice(start, end));
      start = i + 1;
    }
    rest = text.slice(start);
    if (batch.length > 0) yield batch;
  }
  rest += decoder.decode();
  if (rest.length > 0) yield [rest.endsWith('\r') ? rest.slice(0, -1) : rest];
}
