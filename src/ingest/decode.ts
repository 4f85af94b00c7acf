import { constants, createGunzip, gunzipSync, type ZlibOptions } from 'node:zlib';

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** Bytes that begin as gzip does. */
export const isGzip = (bytes: Uint8Array): boolean =>
  bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1;

/** zlib's refusal to inflate past maxOutputLength (a compressed bomb), not damage. */
export const outputTooLarge = (err: unknown): boolean =>
  (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
/**
 * zlib options are stream options too; Node's types list only the zlib ones. Big chunks: inflating
 * goes on only once the reading thread has picked up each chunk, a round trip per chunk (Node's
 * default of 16 KiB takes twice as long as 1 MiB; 4 MiB saves another few percent of a read).
 * Two chunks may wait inflated: inflating goes on while the reader scans (more would cost memory).
 */
export const GUNZIP_OPTIONS: ZlibOptions & { highWaterMark: number } = {
  chunkSize: 2 << 20,
  highWaterMark: 4 << 20,
};

/**
 * A line longer than this is not a record of any format we read (the longest real rows are a few
 * hundred bytes): it is skipped, and never held whole in memory.
 */
export const MAX_LINE_CHARS = 1024 * 1024;

/** Stands in `lineBatches` output for a line that was longer than MAX_LINE_CHARS and dropped. */
export const OVERLONG_LINE = '\u0000sortie:overlong-line\u0000';

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
  if (isGzip(head)) {
    // Node's default 16 KiB output chunks make gunzip itself twice as slow, and each chunk needs a
    // turn of this thread before inflating goes on; with 1 MiB chunks and a deeper buffer inflate
    // runs ahead on the thread pool while the rows are read.
    yield* gunzipped(rest());
  } else {
    yield* rest();
  }
}

/** A gzip member ends with its CRC-32 and length: the check zlib makes on them. */
const GZIP_TRAILER_BYTES = 8;
/** Compressed bytes handed to zlib ahead of what it has inflated, so that it never waits. */
const INFLATE_AHEAD_BYTES = 2 << 20;
/**
 * Inflated bytes held for a reader that has not taken them, beyond which zlib is paused: it then
 * stops inflating when its own buffer is full (highly compressed data inflates a thousandfold).
 */
const HELD_OUTPUT_BYTES = 4 << 20;

/**
 * A stream's compressed bytes kept while it is no longer than this: when it fails, what they
 * inflate to before the damage is found again (zlib loses the output of the write that fails: a
 * small file's all of it). Longer streams lose at most what that write held (a read's chunk).
 */
const RECOVERED_BYTES = 1 << 20;
/** Output beyond which a small stream's damage is not looked for again (a compressed bomb). */
const RECOVERED_OUTPUT_BYTES = 64 << 20;

/**
 * What the longest start of gzip `bytes` that zlib inflates without an error gives (a start's
 * missing end is no error; a failed check or damaged data is one), found by halving: a damaged
 * stream's output up to its damage. Throws zlib's ERR_BUFFER_TOO_LARGE beyond `maxOutputLength`.
 */
export function inflatedUpToDamage(
  bytes: Uint8Array,
  maxOutputLength: number,
  knownGood = 0,
): Buffer {
  const inflate = (length: number): Buffer =>
    gunzipSync(bytes.subarray(0, length), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength });
  // A stream cut short inflates whole; one whose check alone failed, all but its trailer.
  const beforeTrailer = Math.max(0, bytes.length - GZIP_TRAILER_BYTES);
  for (const length of [bytes.length, beforeTrailer]) {
    try {
      return inflate(length);
    } catch (err) {
      if (outputTooLarge(err)) throw err;
    }
  }
  let good = Math.min(knownGood, beforeTrailer);
  let bad = beforeTrailer;
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1;
    try {
      inflate(mid);
      good = mid;
    } catch (err) {
      if (outputTooLarge(err)) throw err;
      bad = mid;
    }
  }
  return inflate(good);
}

/**
 * Inflates a gzip stream, yielding every byte inflated before a failure and then throwing it, as
 * the rows before a cut or a failed check are kept. Node's stream loses both: zlib's output from
 * the write whose check fails is never pushed, and output buffered when the stream is destroyed
 * is not read by its iterator. So the trailer goes to zlib in a write of its own, the end only
 * once every write is inflated, and the output is taken as it comes. A source that fails has the
 * bytes it gave inflated first.
 */
export async function* gunzipped(
  compressed: AsyncIterable<Buffer>,
): AsyncGenerator<Buffer, void, undefined> {
  const zlib = createGunzip(GUNZIP_OPTIONS);
  const out: Buffer[] = [];
  let outBytes = 0;
  let failure: Error | undefined;
  let sourceFailure: unknown;
  let ended = false;
  let wake: (() => void) | undefined;
  const poke = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  zlib.on('data', (chunk: Buffer) => {
    out.push(chunk);
    outBytes += chunk.length;
    if (outBytes >= HELD_OUTPUT_BYTES) zlib.pause();
    poke();
  });
  zlib.on('error', (err: Error) => {
    // Output pushed while paused is still in the stream's buffer, before the failure. Once the
    // error is emitted a read no longer gives it to the 'data' listener: it is taken here.
    zlib.removeAllListeners('data');
    for (let c = zlib.read() as Buffer | null; c !== null; c = zlib.read() as Buffer | null) {
      out.push(c);
      outBytes += c.length;
    }
    failure = err;
    poke();
  });
  zlib.on('end', () => {
    ended = true;
    poke();
  });
  const input = trailerApart(compressed)[Symbol.asyncIterator]();
  let inputDone = false;
  let endCalled = false;
  let received: Buffer[] | null = [];
  let receivedBytes = 0;
  // Compressed bytes whose writes inflated without an error: the damage lies past them.
  let inflatedOk = 0;
  let yielded = 0;
  try {
    for (;;) {
      let chunk = out.shift();
      while (chunk !== undefined) {
        outBytes -= chunk.length;
        yielded += chunk.length;
        yield chunk;
        chunk = out.shift();
      }
      if (failure !== undefined) {
        // A small stream: what zlib lost of the write that failed, found again.
        if (received !== null) {
          let whole: Buffer | null = null;
          try {
            whole = inflatedUpToDamage(Buffer.concat(received), RECOVERED_OUTPUT_BYTES, inflatedOk);
          } catch {
            // Beyond what is looked for again: the failure stands as zlib gave it.
          }
          if (whole !== null && whole.length > yielded) yield whole.subarray(yielded);
        }
        throw failure;
      }
      if (ended) return;
      if (zlib.isPaused()) zlib.resume();
      if (!inputDone && zlib.writableLength < INFLATE_AHEAD_BYTES) {
        try {
          const next = await input.next();
          if (next.done === true) inputDone = true;
          else {
            if (received !== null) {
              receivedBytes += next.value.length;
              if (receivedBytes > RECOVERED_BYTES) received = null;
              else received.push(next.value);
            }
            const length = next.value.length;
            zlib.write(next.value, (err) => {
              if (err === undefined || err === null) inflatedOk += length;
              poke();
            });
          }
        } catch (err) {
          sourceFailure = err;
          inputDone = true;
        }
        continue;
      }
      if (inputDone && zlib.writableLength === 0) {
        // Every write inflated and its output taken: the source's own failure, if any.
        if (sourceFailure !== undefined) {
          if (zlib.readableLength === 0) throw sourceFailure;
        } else if (!endCalled) {
          // The end only now: zlib finishes the last write pending at the end, and loses that
          // write's output when it fails (a stream cut short).
          endCalled = true;
          zlib.end();
          continue;
        }
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    zlib.destroy();
    if (!inputDone) await input.return(undefined);
  }
}

/**
 * The chunks of a stream with its last GZIP_TRAILER_BYTES apart, in a chunk of their own (a chunk
 * is held back until the next shows it is not the last). When the source fails, what it gave is
 * passed on before its error.
 */
async function* trailerApart(
  chunks: AsyncIterable<Buffer>,
): AsyncGenerator<Buffer, void, undefined> {
  let held: Buffer | undefined;
  try {
    for await (const chunk of chunks) {
      if (chunk.length === 0) continue;
      if (held === undefined) held = chunk;
      else if (chunk.length >= GZIP_TRAILER_BYTES) {
        yield held;
        held = chunk;
      } else {
        // Too small to hold a trailer: joined to the held chunk's last bytes only (never the
        // whole held chunk, which tiny chunks would copy again and again).
        const keep = Math.max(0, held.length - GZIP_TRAILER_BYTES);
        if (keep > 0) yield held.subarray(0, keep);
        held = Buffer.concat([held.subarray(keep), chunk]);
      }
    }
  } catch (err) {
    if (held !== undefined) yield held;
    throw err;
  }
  if (held === undefined) return;
  const cut = Math.max(0, held.length - GZIP_TRAILER_BYTES);
  if (cut > 0) yield held.subarray(0, cut);
  yield held.subarray(cut);
}

/**
 * The UTF-16 variant the text is in, from its byte-order mark or, without one, from the pattern of
 * zero bytes that ASCII text in UTF-16 shows (spreadsheets on Windows save "Unicode text" so).
 */
export function utf16Encoding(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const n = Math.min(head.length, 256) & ~1;
  if (n < 8) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  let printableEven = 0;
  let printableOdd = 0;
  for (let i = 0; i < n; i += 1) {
    const b = head[i] as number;
    const printable = (b >= 0x20 && b < 0x7f) || b === 9 || b === 10 || b === 13;
    if (i % 2 === 0) {
      if (b === 0) zeroEven += 1;
      if (printable) printableEven += 1;
    } else {
      if (b === 0) zeroOdd += 1;
      if (printable) printableOdd += 1;
    }
  }
  const half = n / 2;
  if (zeroOdd > 0.9 * half && printableEven > 0.9 * half) return 'utf-16le';
  if (zeroEven > 0.9 * half && printableOdd > 0.9 * half) return 'utf-16be';
  return null;
}

/** Reads at least `bytes` bytes (or all there is) without consuming them from the stream. */
export async function peekBytes(
  chunks: AsyncIterable<Buffer>,
  bytes: number,
): Promise<{ head: Buffer; stream: AsyncIterable<Buffer> }> {
  const it = chunks[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    parts.push(next.value);
    size += next.value.length;
  }
  const head = Buffer.concat(parts);
  async function* stream(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, stream: stream() };
}

/** Re-encodes UTF-16 text (either byte order, BOM or not) as UTF-8; anything else passes through. */
export async function* asUtf8(
  chunks: AsyncIterable<Buffer>,
): AsyncGenerator<Buffer, void, undefined> {
  const { head, stream } = await peekBytes(chunks, 256);
  const encoding = utf16Encoding(head);
  if (encoding === null) {
    yield* stream;
    return;
  }
  // TextDecoder has no big-endian UTF-16, so swap byte pairs (carrying an odd byte across chunks).
  const decoder = new TextDecoder('utf-16le');
  let carry: Buffer | null = null;
  for await (const chunk of stream) {
    let bytes: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
    carry = null;
    if (encoding === 'utf-16be') {
      if (bytes.length % 2 === 1) {
        carry = bytes.subarray(bytes.length - 1);
        bytes = bytes.subarray(0, bytes.length - 1);
      }
      bytes = Buffer.from(bytes).swap16();
    }
    const text = decoder.decode(bytes, { stream: true });
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield Buffer.from(tail, 'utf8');
}

/**
 * Splits decoded text into lines (LF, CRLF or a lone CR), in batches, with a UTF-8 decoder that is
 * safe across chunk edges. A line longer than MAX_LINE_CHARS is dropped as it streams by and
 * reported once as OVERLONG_LINE.
 */
export async function* lineBatches(
  chunks: AsyncIterable<Buffer>,
): AsyncGenerator<string[], void, undefined> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let first = true;
  let overlong = false;
  const split = (text: string, final: boolean): string[] => {
    const batch: string[] = [];
    let start = 0;
    if (!text.includes('\r')) {
      // The common case, LF only: let indexOf do the scanning.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
        if (overlong) {
          batch.push(OVERLONG_LINE);
          overlong = false;
        } else batch.push(text.slice(start, i));
        start = i + 1;
      }
      return finish(text, start, batch);
    }
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      // A CR at the very end may be the first half of a CRLF split across chunks.
      if (c === 13 && i === text.length - 1 && !final) break;
      if (overlong) {
        batch.push(OVERLONG_LINE);
        overlong = false;
      } else batch.push(text.slice(start, i));
      if (c === 13 && text.charCodeAt(i + 1) === 10) i += 1;
      start = i + 1;
    }
    return finish(text, start, batch);
  };
  function finish(text: string, start: number, batch: string[]): string[] {
    rest = text.slice(start);
    if (rest.length > MAX_LINE_CHARS || (overlong && rest.length > 0)) {
      overlong = true;
      rest = '';
    }
    return batch;
  }
  const last = (): string[] => {
    const batch = split(rest + decoder.decode(), true);
    if (overlong) batch.push(OVERLONG_LINE);
    else if (rest.length > 0) batch.push(rest);
    return batch;
  };
  try {
    for await (const chunk of chunks) {
      let text = rest + decoder.decode(chunk, { stream: true });
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      const batch = split(text, false);
      if (batch.length > 0) yield batch;
    }
  } catch (err) {
    // The bytes failed (a gzip stream cut short): the line they ended in is read as the same
    // bytes in a plain file would be (most often skipped, as the wrong number of fields), then
    // the failure goes on.
    const batch = last();
    if (batch.length > 0) yield batch;
    throw err;
  }
  const batch = last();
  if (batch.length > 0) yield batch;
}
