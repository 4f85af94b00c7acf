/**
 * A damaged gzip stream gives every byte inflated before its damage, whatever its chunks: Node's
 * gunzip stream had lost the output of the write whose check failed (a small file's all of it) and
 * whatever was buffered when it failed, so a file whose trailer alone was wrong read no row.
 */
import { randomBytes } from 'node:crypto';
import { constants, gzipSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipped } from '../src/ingest/decode.js';
import { readAll, textSource } from './helpers.js';

const OPENSKY_HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact';

function openskyCsv(rows: number): string {
  const lines = Array.from({ length: rows }, (_, k) => {
    const t = 1738600000 + k;
    return `${t},ae01c7,26,${-110 + k / 10000},200,90,0,HOMER21,false,false,false,,9144,9200,${t},${t}`;
  });
  return `${OPENSKY_HEADER}\n${lines.join('\n')}\n`;
}

const text = Buffer.from(openskyCsv(2000));
const gz = gzipSync(text);

/** The gzip bytes with the byte `fromEnd` bytes before their end changed (in the trailer: 1–8). */
function withTrailerByte(fromEnd: number): Buffer {
  const b = Buffer.from(gz);
  b[b.length - fromEnd] = (b[b.length - fromEnd] as number) ^ 0xff;
  return b;
}

const cut = gz.subarray(0, Math.floor(gz.length * 0.8));

async function* inChunks(bytes: Buffer, chunkBytes: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += chunkBytes) yield bytes.subarray(at, at + chunkBytes);
}

/** What `gunzipped` gave, and the message of what it threw. */
async function inflate(
  bytes: Buffer,
  chunkBytes: number,
): Promise<{ out: Buffer; error?: string }> {
  const parts: Buffer[] = [];
  try {
    for await (const c of gunzipped(inChunks(bytes, chunkBytes))) parts.push(c);
    return { out: Buffer.concat(parts) };
  } catch (err) {
    return { out: Buffer.concat(parts), error: (err as Error).message };
  }
}

const CHUNKINGS = [1 << 30, 4096, 512, 7, 1];

describe('gunzipped', () => {
  it.each(CHUNKINGS)('inflates an intact stream in chunks of %i bytes', async (chunkBytes) => {
    const r = await inflate(gz, chunkBytes);
    expect(r.error).toBeUndefined();
    expect(r.out.equals(text)).toBe(true);
  });

  const WRONG_TRAILERS = CHUNKINGS.flatMap((chunkBytes) => [
    { what: 'CRC-32', fromEnd: 8, fault: /incorrect data check/, chunkBytes },
    { what: 'stated length', fromEnd: 1, fault: /incorrect length check/, chunkBytes },
  ]);

  it.each(WRONG_TRAILERS)(
    'gives all of a stream whose $what is wrong, then fails (chunks of $chunkBytes bytes)',
    async ({ fromEnd, fault, chunkBytes }) => {
      const r = await inflate(withTrailerByte(fromEnd), chunkBytes);
      expect(r.error).toMatch(fault);
      expect(r.out.equals(text)).toBe(true);
    },
  );

  it.each(CHUNKINGS)(
    'gives all a stream cut short holds, then fails (chunks of %i bytes)',
    async (chunkBytes) => {
      // All zlib can inflate from the cut bytes, by its own one-shot reading.
      const holds = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH });
      expect(holds.length).toBeGreaterThan(text.length / 2);
      const r = await inflate(cut, chunkBytes);
      expect(r.error).toMatch(/unexpected end of file/);
      expect(r.out.equals(holds)).toBe(true);
    },
  );

  it('closes its source when its reader stops early', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        yield* inChunks(gz, 64);
      } finally {
        closed = true;
      }
    }
    for await (const c of gunzipped(source())) {
      expect(c.length).toBeGreaterThan(0);
      break;
    }
    expect(closed).toBe(true);
  });
});

describe('a gzip file whose check fails at its end', () => {
  it.each([
    ['its CRC-32', 8, /incorrect data check/],
    ['its length', 1, /incorrect length check/],
  ])(
    'keeps every row when %s is wrong, read in one chunk, and names the fault',
    async (_what, fromEnd, message) => {
      const { inputs } = await readAll([
        textSource('states.csv.gz', withTrailerByte(fromEnd), 1 << 30),
      ]);
      expect(inputs[0]!.error?.message).toMatch(message);
      expect(inputs[0]!.used).toBe(2000);
      expect(inputs[0]!.rows).toBe(2000);
    },
  );
});

describe('gunzipped, beyond a damaged end', () => {
  it('gives all of a stream whose CRC-32 fails before padding, and of a first member whose CRC-32 fails', async () => {
    const padded = Buffer.concat([withTrailerByte(8), Buffer.alloc(512)]);
    const twoMembers = Buffer.concat([withTrailerByte(8), gzipSync('second member\n')]);
    for (const bytes of [padded, twoMembers]) {
      for (const chunkBytes of [1 << 30, 4096]) {
        const r = await inflate(bytes, chunkBytes);
        expect(r.error).toMatch(/incorrect data check/);
        expect(r.out.subarray(0, text.length).equals(text)).toBe(true);
      }
    }
  });

  it('gives what a failing source sent before its error, then throws that error', async () => {
    const at = Math.floor(gz.length * 0.6);
    async function* source(): AsyncGenerator<Buffer> {
      yield* inChunks(gz.subarray(0, at), 4096);
      throw new Error('connection reset');
    }
    const parts: Buffer[] = [];
    await expect(
      (async () => {
        for await (const c of gunzipped(source())) parts.push(c);
      })(),
    ).rejects.toThrow('connection reset');
    const holds = gunzipSync(gz.subarray(0, at), { finishFlush: constants.Z_SYNC_FLUSH });
    expect(Buffer.concat(parts).equals(holds)).toBe(true);
  });

  it('does not inflate far ahead of a reader that has not taken its output', async () => {
    // 2 GiB of zeros in 2 MB (128 gzip members of 16 MiB each): a stream not held back by its
    // reader inflates them as fast as zlib can (some 250 MiB in the second this reader takes).
    const member = gzipSync(Buffer.alloc(16 << 20), { level: 9 });
    const zeros = Buffer.concat(Array.from({ length: 128 }, () => member));
    const before = process.memoryUsage().arrayBuffers;
    let held = 0;
    let taken = 0;
    for await (const chunk of gunzipped(inChunks(zeros, 256 << 10))) {
      expect(chunk.length).toBeGreaterThan(0);
      // A slow reader: each of its turns lets zlib run on.
      await new Promise((resolve) => setTimeout(resolve, 50));
      held = Math.max(held, process.memoryUsage().arrayBuffers - before);
      if ((taken += 1) === 20) break;
    }
    expect(held).toBeLessThan(64 << 20);
  });
});

describe('gunzipped, a slow reader of a long damaged stream', () => {
  it('gets every byte inflated before a failed check, beyond what is kept to find it again', async () => {
    // More than the MiB kept to find a small stream's damage again: only the stream itself counts.
    const plain = Buffer.concat([randomBytes(5 << 20), Buffer.alloc(64 << 20)]);
    const bad = Buffer.from(gzipSync(plain));
    bad[bad.length - 8] = (bad[bad.length - 8] as number) ^ 0xff;
    expect(bad.length).toBeGreaterThan(4 << 20);
    const parts: Buffer[] = [];
    let error = '';
    try {
      for await (const c of gunzipped(inChunks(bad, 64 << 10))) {
        parts.push(c);
        // A reader slower than zlib: output waits in the paused stream when the check fails.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    } catch (err) {
      error = (err as Error).message;
    }
    expect(error).toMatch(/incorrect data check/);
    expect(Buffer.concat(parts).equals(plain)).toBe(true);
  });
});

/** 3,000 rows of OpenSky state vectors, as its hourly files write them. */
function openskyText(): Buffer {
  const rows = [
    'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact,hour',
  ];
  for (let k = 0; k < 3000; k += 1) {
    const t = 1738785600 + k * 5;
    rows.push(
      `${t},a0b1c2,${(32 + k * 0.001).toFixed(5)},-115.12345,230.5,90.0,0.0,AMX123  ,false,false,false,1234,10000.0,10100.0,${t - 0.5},${t - 0.2},1738785600`,
    );
  }
  return Buffer.from(rows.join('\n') + '\n');
}

/** 3,000 SBS position lines. */
function sbsText(): Buffer {
  const lines: string[] = [];
  for (let k = 0; k < 3000; k += 1) {
    const s = String(k % 60).padStart(2, '0');
    const m = String(Math.floor(k / 60) % 60).padStart(2, '0');
    lines.push(
      `MSG,3,1,1,A0B1C2,1,2025/02/05,12:${m}:${s}.000,2025/02/05,12:${m}:${s}.000,,35000,,,${(29 + k * 0.001).toFixed(4)},-111.0000,,,,,,`,
    );
  }
  return Buffer.from(lines.join('\n') + '\n');
}

describe('a gzip stream cut inside a line', () => {
  it.each([
    ['an OpenSky CSV (the fast path)', 'states_2025-02-05-20.csv', openskyText()],
    ['an SBS log (the general reader)', 'log.txt', sbsText()],
  ])(
    '%s: the line it ends in is read as the same bytes in a plain file are',
    async (_, name, text) => {
      const gz = gzipSync(text);
      // Cut so that the inflated text ends inside a line, not at its end.
      let cut = gz.length - 9;
      let inflated = Buffer.alloc(0);
      for (; cut > 20; cut -= 7) {
        try {
          inflated = gunzipSync(gz.subarray(0, cut), { finishFlush: constants.Z_SYNC_FLUSH });
        } catch {
          continue;
        }
        if (inflated.length > 0 && inflated[inflated.length - 1] !== 0x0a) break;
      }
      expect(inflated.length).toBeGreaterThan(1000);
      const fromGz = await readAll([textSource(name, gz.subarray(0, cut), 4096)]);
      const plain = await readAll([textSource(name, inflated, 4096)]);
      expect(fromGz.inputs[0]!.error).not.toBeNull();
      expect(fromGz.inputs[0]!.rows).toBe(plain.inputs[0]!.rows);
      expect(fromGz.inputs[0]!.used).toBe(plain.inputs[0]!.used);
      expect(fromGz.inputs[0]!.skipped).toEqual(plain.inputs[0]!.skipped);
    },
  );
});
