/**
 * Big archive members read as a stream of chunks, not whole: a zip's (a zipped 1 GB OpenSky hour
 * read whole took 5.9 GB), its CRC-32 and size checked by a first pass before any row is read, as
 * a small member's are, and a tar's (an OpenSky dataset hour's .csv.gz of ~500 MB took 1 GB).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRegistry } from '../src/aircraft/registry.js';
import { KeepRules } from '../src/aircraft/watch.js';
import { PartsStore } from '../src/ingest/archive/byte-store.js';
import type { ArchiveSpec } from '../src/ingest/archive/read-archive.js';
import {
  emptySummary,
  MemberReader,
  type ArchiveSummary,
  type ReadData,
} from '../src/ingest/archive/members.js';
import type { InputSummary } from '../src/ingest/collect.js';
import { archiveWarnings } from '../src/report/render/archive-lines.js';
import { newCompanions } from '../src/ingest/companions.js';
import { DEFAULT_READER_OPTIONS } from '../src/ingest/formats/format.js';
import { zipEntries, zipEntryBytes, zipEntryChunks, ZipError } from '../src/ingest/archive/zip.js';
import { readOneSource } from '../src/ingest/source-result.js';

const root = mkdtempSync(path.join(tmpdir(), 'sortie-zip-members-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact,hour';
const HOUR = Date.parse('2025-02-03T14:00:00Z') / 1000;

/** An OpenSky hour: an airliner and the RC-135 (listed), a row every `stepS` (a minute) each. */
function openskyHour(stepS = 60): string {
  const rows = [HEADER];
  for (let s = 0; s < 3600; s += stepS) {
    const t = HOUR + s;
    rows.push(
      `${t},a1b2c3,27.5,${-111 + s / 3600},230,90,0,AMX401  ,false,false,false,1000,10000,10100,${t - 0.5},${t},${HOUR}`,
    );
    rows.push(
      `${t},ae01c7,26.5,${-110.8 + s / 7200},170,90,0,HOMER21 ,false,false,false,4401,9000,9100,${t - 0.5},${t},${HOUR}`,
    );
  }
  return rows.join('\n') + '\n';
}

const registry = parseRegistry(
  '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link\nAE01C7,64-14845,USAF,Boeing RC-135V,R135,Mil,SIGINT,,,Oxcart,\n',
  'test',
);
const rule = KeepRules.for(registry).rule({ kind: 'first', once: false });

/** A zip of `text` as states.csv: stored (`-0`) or deflated. */
function zipOf(name: string, text: string, stored: boolean): string {
  const dir = mkdtempSync(path.join(root, `${name}-`));
  writeFileSync(path.join(dir, 'states.csv'), text);
  const zip = path.join(dir, `${name}.zip`);
  execFileSync('zip', ['-q', ...(stored ? ['-0'] : []), zip, 'states.csv'], { cwd: dir });
  return zip;
}

async function chunksOf(zip: string, chunkBytes: number): Promise<Buffer[]> {
  const store = new PartsStore([{ path: zip, size: statSync(zip).size }]);
  try {
    const [entry] = zipEntries(store);
    const out: Buffer[] = [];
    for await (const c of zipEntryChunks(store, entry!, chunkBytes)) out.push(c);
    return out;
  } finally {
    store.close();
  }
}

/** An archive file read in place, its members of `streamFromBytes` or more streamed. */
function readInPlace(file: string, kind: 'zip' | 'tar', streamFromBytes?: number) {
  const part = { path: file, size: statSync(file).size };
  const archive = {
    parts: [part] as const,
    day: null,
    ...(streamFromBytes === undefined ? {} : { streamFromBytes }),
  };
  return readOneSource(
    {
      name: file,
      path: file,
      size: part.size,
      open: () => {
        throw new Error('read in place');
      },
      archive: { kind, ...archive } as ArchiveSpec,
    },
    0,
    { rule },
  );
}

const readZip = (zip: string, streamFromBytes?: number) => readInPlace(zip, 'zip', streamFromBytes);
const readTar = (tar: string, streamFromBytes?: number) => readInPlace(tar, 'tar', streamFromBytes);

/** A member reader over `summary` whose members are read by `readData`. */
function memberReader(summary: ArchiveSummary, readData: ReadData): MemberReader {
  return new MemberReader(
    summary,
    {
      fileIndex: 0,
      fileName: 'x.zip',
      options: DEFAULT_READER_OPTIONS,
      companions: newCompanions(),
      note: () => undefined,
    },
    () => undefined,
    undefined,
    readData,
    () => undefined,
  );
}

describe('a zip member as a stream of chunks', () => {
  it.each([
    ['stored', true],
    ['deflated', false],
  ])('%s: the same bytes as the member read whole, in many chunks', async (_name, stored) => {
    const text = openskyHour();
    const zip = zipOf(`whole-${stored}`, text, stored);
    const chunks = await chunksOf(zip, 4096);
    expect(chunks.length).toBeGreaterThan(3);
    expect(Buffer.concat(chunks).toString()).toBe(text);
    const store = new PartsStore([{ path: zip, size: statSync(zip).size }]);
    expect(zipEntryBytes(store, zipEntries(store)[0]!).toString()).toBe(text);
    store.close();
  });

  it('gives its chunks, then fails on a CRC-32 that does not match', async () => {
    const text = openskyHour();
    const zip = zipOf('crc', text, true);
    const bytes = readFileSync(zip);
    const at = bytes.indexOf(text.slice(5000, 5040));
    bytes.fill(0x41, at, at + 64);
    writeFileSync(zip, bytes);
    const got: Buffer[] = [];
    const store = new PartsStore([{ path: zip, size: bytes.length }]);
    const stream = zipEntryChunks(store, zipEntries(store)[0]!, 4096);
    await expect(
      (async () => {
        for await (const c of stream) got.push(c);
      })(),
    ).rejects.toThrow(new ZipError('its bytes do not match its CRC-32'));
    store.close();
    expect(Buffer.concat(got).length).toBe(text.length);
  });

  it('fails on data cut short', async () => {
    const text = openskyHour();
    const zip = zipOf('cut', text, false);
    const store = new PartsStore([{ path: zip, size: statSync(zip).size }]);
    const entry = zipEntries(store)[0]!;
    store.close();
    // The data ends 100 bytes early: the central directory still says how much there was.
    const cut = readFileSync(zip);
    const short = Buffer.concat([
      cut.subarray(0, entry.localHeaderOffset + 30 + 10 + entry.compressedSize - 100),
    ]);
    const file = path.join(path.dirname(zip), 'short.bin');
    writeFileSync(file, short);
    const shortStore = new PartsStore([{ path: file, size: short.length }]);
    await expect(
      (async () => {
        for await (const c of zipEntryChunks(shortStore, entry, 4096)) void c;
      })(),
    ).rejects.toThrow(ZipError);
    shortStore.close();
  });
});

describe('a zip read in place', () => {
  it('reads a member streamed as it reads it whole', async () => {
    const zip = zipOf('read', openskyHour(), false);
    const whole = await readZip(zip);
    const streamed = await readZip(zip, 1);
    expect(whole.summary.rows).toBe(120);
    expect(streamed.summary).toEqual(whole.summary);
    expect(streamed.positions.length).toBe(whole.positions.length);
    expect(streamed.positions.length).toBeGreaterThan(0);
  });

  it('checks a streamed member before reading a row of it, as a member read whole', async () => {
    const text = openskyHour();
    const zip = zipOf('damaged', text, true);
    const bytes = readFileSync(zip);
    const at = bytes.indexOf(text.slice(5000, 5040));
    // Digits changed into other digits: the rows would still read, but the CRC-32 no longer holds.
    for (let i = at; i < at + 40; i += 1)
      if (bytes[i]! >= 0x30 && bytes[i]! <= 0x38) bytes[i]! += 1;
    writeFileSync(zip, bytes);
    for (const r of [await readZip(zip), await readZip(zip, 1)]) {
      expect(r.summary.rows).toBe(0);
      expect(r.positions.length).toBe(0);
      expect(r.summary.archive?.members).toMatchObject({ read: 0, damaged: 1 });
      expect(r.summary.archive?.damage.examples).toEqual([
        'states.csv (unreadable: its bytes do not match its CRC-32)',
      ]);
    }
  });

  it('closes a streamed member a reader stops reading early', async () => {
    // The reader stops at its first chunk (an error, an unknown format): the chunks' source, an
    // inflating stream for a zip member, is ended, not left to the garbage collector.
    let ended = false;
    const chunks = async function* (): AsyncGenerator<Uint8Array> {
      try {
        for (let k = 0; k < 100; k += 1) yield Buffer.from('abc\n');
      } finally {
        ended = true;
      }
    };
    const summary = emptySummary('zip', ['x.zip']);
    const reader = memberReader(summary, async (bytes) => {
      // As a reader that peeks at the first bytes does: its iterator is never returned.
      await bytes[Symbol.asyncIterator]().next();
      throw new Error('no format reads this');
    });
    await reader.take('m.csv', '0', chunks());
    expect(ended).toBe(true);
    expect(summary.members.damaged).toBe(1);
  });
});

/** An OpenSky dataset hour: a tar holding states_….csv.gz and a README. */
function openskyTar(name: string, stepS = 60): string {
  const dir = mkdtempSync(path.join(root, `${name}-`));
  writeFileSync(path.join(dir, 'states_2025-02-03-14.csv.gz'), gzipSync(openskyHour(stepS)));
  writeFileSync(path.join(dir, 'README.txt'), 'OpenSky dataset\n');
  const tar = path.join(dir, 'states_2025-02-03-14.csv.tar');
  execFileSync('tar', ['-cf', tar, 'states_2025-02-03-14.csv.gz', 'README.txt'], { cwd: dir });
  return tar;
}

describe('a tar read in place', () => {
  it('reads a member streamed as it reads it whole', async () => {
    const tar = openskyTar('tar-read');
    const whole = await readTar(tar);
    const streamed = await readTar(tar, 1);
    expect(whole.summary.rows).toBe(120);
    expect(whole.summary.archive?.members).toMatchObject({ read: 1, notFlightData: 1 });
    expect(streamed.summary).toEqual(whole.summary);
    expect(streamed.positions.length).toBe(whole.positions.length);
  });

  it('counts a streamed member whose gzip check fails as the member read whole, with the reason', async () => {
    const tar = openskyTar('tar-damaged', 1);
    const bytes = readFileSync(tar);
    const gz = gzipSync(openskyHour(1));
    // Garbage over the middle of the .csv.gz (the first member, its body after a 512-byte header).
    bytes.fill(0x41, 512 + Math.floor(gz.length / 2), 512 + Math.floor(gz.length / 2) + 64);
    writeFileSync(tar, bytes);
    const whole = await readTar(tar);
    const streamed = await readTar(tar, 1);
    expect(streamed.summary.rows).toBe(whole.summary.rows);
    expect(streamed.summary.used).toBe(whole.summary.used);
    expect(streamed.positions.length).toBe(whole.positions.length);
    for (const r of [whole, streamed]) {
      expect(r.summary.archive?.members).toMatchObject({ read: 0, damaged: 1, notFlightData: 1 });
      expect(r.summary.archive?.damage.unreadable).toBe(1);
    }
    // The lines inflated before the garbage are read and kept, as a plain .csv.gz's are (the
    // line the damage cut too, as the same bytes in a plain file: skipped).
    expect(streamed.summary.archive?.damage.examples).toEqual([
      'states_2025-02-03-14.csv.gz (unreadable: incorrect data check; its first 7,171 lines were read and are kept)',
    ]);
    expect(whole.summary.archive?.damage.examples).toEqual(
      streamed.summary.archive?.damage.examples,
    );
  });
});

describe('a tar member whose gzip check fails at its end', () => {
  it('keeps all its rows, read whole or streamed, and says it was read only up to the damage', async () => {
    const tar = openskyTar('tar-crc');
    const intact = await readTar(tar);
    const bytes = readFileSync(tar);
    const gz = gzipSync(openskyHour());
    // The CRC-32's first byte in the .csv.gz's trailer (its body after a 512-byte header).
    bytes[512 + gz.length - 8] = (bytes[512 + gz.length - 8] as number) ^ 0xff;
    writeFileSync(tar, bytes);
    for (const r of [await readTar(tar), await readTar(tar, 1)]) {
      expect(r.summary.rows).toBe(120);
      expect(r.summary.used).toBe(intact.summary.used);
      expect(r.positions).toEqual(intact.positions);
      expect(r.summary.archive?.members).toMatchObject({ read: 0, damaged: 1, notFlightData: 1 });
      expect(r.summary.archive?.damage).toMatchObject({ unreadable: 1, readInPart: 1 });
      expect(r.summary.archive?.damage.examples).toEqual([
        'states_2025-02-03-14.csv.gz (unreadable: incorrect data check; its first 121 lines were read and are kept)',
      ]);
    }
  });
});

describe('a tar member with bytes lost in the middle (a gap)', () => {
  it('keeps the rows inflated before the gap, read whole or streamed', async () => {
    const tar = openskyTar('tar-gap', 1);
    const intact = await readTar(tar);
    const bytes = readFileSync(tar);
    const gz = gzipSync(openskyHour(1));
    const at = 512 + Math.floor(gz.length / 2);
    writeFileSync(tar, Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 3_000)]));
    for (const r of [await readTar(tar), await readTar(tar, 1)]) {
      const damage = r.summary.archive?.damage;
      // Its stated end lands past the gap on the zeros after the README: the README, inside that
      // stated body, is found, and the member is cut short where the README's header starts.
      expect(damage).toMatchObject({ resyncs: 1, cut: 1, unreadable: 0, readInPart: 1 });
      expect(r.summary.archive?.members).toMatchObject({
        entries: 2,
        notFlightData: 1,
        damaged: 1,
      });
      expect(damage?.examples[0]).toMatch(
        /^states_2025-02-03-14\.csv\.gz \(cut short: .*its first [\d,]+ lines were read and are kept\)$/,
      );
      // Rows up to the gap: some of the hour, none beyond what the intact member holds.
      expect(r.summary.used).toBeGreaterThan(intact.summary.used / 4);
      expect(r.summary.used).toBeLessThan(intact.summary.used);
    }
  });
});

describe('a member damaged after some of its rows were read', () => {
  it('keeps those rows as its records, and says so where the damage is told', async () => {
    const summary = emptySummary('tar', ['states_2025-02-03-14.csv.tar']);
    // Lines counted in bulk (the fast path's), then the gzip check failing at the member's end.
    const reader = memberReader(summary, async (_bytes, _ctx, _sink, onLines) => {
      onLines?.(4_000);
      onLines?.(5_000);
      throw new Error('incorrect data check');
    });
    await reader.take('states_2025-02-03-14.csv.gz', '0', Buffer.from('x'));
    await reader.take('b.csv.gz', '0', Buffer.from('x'));
    expect(summary.members).toMatchObject({ read: 0, damaged: 2 });
    expect(summary.damage).toMatchObject({ unreadable: 2, readInPart: 2 });
    expect(summary.damage.examples[0]).toBe(
      'states_2025-02-03-14.csv.gz (unreadable: incorrect data check; its first 5,000 lines were read and are kept)',
    );
    // Its lines are its records: the next member's are numbered after them.
    expect(summary.readMembers).toEqual({
      names: ['states_2025-02-03-14.csv.gz', 'b.csv.gz'],
      recordsBefore: [0, 5_000],
    });
    const input = { file: 'states_2025-02-03-14.csv.tar', archive: summary } as InputSummary;
    expect(archiveWarnings([input])).toEqual([
      'states_2025-02-03-14.csv.tar is damaged (2 members unreadable): 2 members read only up to the damage (their rows before it are kept); missions in what is lost are not counted.',
    ]);
  });

  it('is lost when none of its rows was read', async () => {
    const summary = emptySummary('tar', ['day.tar']);
    const reader = memberReader(summary, async () => {
      throw new Error('invalid stored block lengths');
    });
    await reader.take('a.csv.gz', '0', Buffer.from('x'));
    expect(summary.damage.readInPart).toBeUndefined();
    const input = { file: 'day.tar', archive: summary } as InputSummary;
    expect(archiveWarnings([input])).toEqual([
      'day.tar is damaged (1 member unreadable): 1 member lost; missions in what is lost are not counted.',
    ]);
  });
});
