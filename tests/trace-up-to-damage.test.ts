/**
 * A readsb trace damaged or cut short keeps its points up to the damage, as a CSV keeps its rows up
 * to a cut: a member of a day's tar cut by a gap, a gzip stream cut or failing its check, damaged
 * bytes inside, a file alone cut short. Before, any of these lost the aircraft's whole day.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceUpToDamage } from '../src/ingest/formats/trace-up-to-damage.js';
import { parseRegistry } from '../src/aircraft/registry.js';
import { KeepRules } from '../src/aircraft/watch.js';
import type { ArchiveSpec } from '../src/ingest/archive/read-archive.js';
import { readOneSource } from '../src/ingest/source-result.js';
import type { Position } from '../src/ingest/types.js';
import { rc135, tarFolder, traceDocument, writeDayFolder } from './archive-kit.js';
import { runCli } from './helpers.js';

const DAY = Date.parse('2025-02-03T00:00:00Z');
const doc = traceDocument(rc135(DAY + 14 * 3_600_000, 240), DAY) as { trace: unknown[] };
const text = JSON.stringify(doc, null, 1);
const POINTS = doc.trace.length;

/** Where each point of `text` ends (the index of its closing bracket), from the documents' own. */
function pointEnds(): number[] {
  const ends: number[] = [];
  let at = text.indexOf('"trace"');
  for (const point of doc.trace) {
    const written = JSON.stringify(point, null, 1).replace(/\n/g, '\n  ');
    at = text.indexOf(written, at) + written.length - 1;
    ends.push(at);
  }
  return ends;
}

describe('traceUpToDamage', () => {
  it('reads a whole text whole', () => {
    expect(traceUpToDamage(text)).toEqual({ doc, points: POINTS });
  });

  it('keeps every whole point of a text cut anywhere', () => {
    const ends = pointEnds();
    expect(ends).toHaveLength(POINTS);
    for (let cut = text.indexOf('"trace"'); cut < text.length; cut += 193) {
      const whole = ends.filter((e) => e < cut).length;
      const part = traceUpToDamage(text.slice(0, cut));
      if (whole === 0) expect(part).toBeNull();
      else {
        expect(part?.points).toBe(whole);
        expect((part?.doc as { trace: unknown[] }).trace).toEqual(doc.trace.slice(0, whole));
      }
    }
  });

  it('keeps the points before damaged bytes inside one', () => {
    const ends = pointEnds();
    const at = (ends[100] as number) + 20;
    const damaged = `${text.slice(0, at)}\u0007\u0000{]x${text.slice(at + 5)}`;
    expect(traceUpToDamage(damaged)?.points).toBe(101);
  });

  it.each([
    ['a string holding brackets and escaped quotes', '"flight":"A]\\"[}{"', 3],
    ['nested objects', '"x":{"y":[1,{"z":[2]}]}', 3],
  ])('reads points with %s', (_what, inner, points) => {
    const body = `{"icao":"ae01c7","timestamp":1738540800,"trace":[[1,26,-110,25000,{${inner}}],[2,26,-110,"ground",null],[3,26,-110,null,{${inner}}],[4,2`;
    expect(traceUpToDamage(body)?.points).toBe(points);
  });

  it('stops before a point spliced across a gap (an element too many)', () => {
    const ends = pointEnds();
    // The gap takes the end of point 40 and the start of point 41: what is left reads as one
    // point with one element more, its altitude then a longitude.
    const from = (ends[40] as number) - 60;
    const to = text.indexOf(',', (ends[40] as number) + 20) + 1;
    const spliced = text.slice(0, from) + text.slice(to);
    const part = traceUpToDamage(spliced);
    expect(part?.points).toBeLessThanOrEqual(40);
    expect((part?.doc as { trace: unknown[] }).trace).toEqual(doc.trace.slice(0, part?.points));
  });

  it.each([
    ['no trace key', '{"icao":"ae01c7","timestamp":1738540800,"points":[[1,2,3]]}'],
    ['no whole point', '{"icao":"ae01c7","timestamp":1738540800,"trace":[[1,2,'],
    ['a cut before the points', '{"icao":"ae01c7","timest'],
  ])('is null for %s', (_what, body) => {
    expect(traceUpToDamage(body)).toBeNull();
  });
});

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'sortie-trace-damage-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A day of the RC-135 and 20 civil traces as a tar, the RC-135's member changed by `damage`. */
function dayTar(name: string, damage: (gz: Buffer) => Buffer, cutTarAt?: number): string {
  const dir = path.join(root, name);
  writeDayFolder(dir, DAY, [rc135(DAY + 14 * 3_600_000, 240)], { civil: 20 });
  const trace = path.join(dir, 'traces', 'c7', 'trace_full_ae01c7.json');
  writeFileSync(trace, damage(readFileSync(trace)));
  const tar = path.join(root, `${name}.tar`);
  tarFolder(dir, tar);
  if (cutTarAt !== undefined) {
    // Cut inside the RC-135's member: `cutTarAt` bytes of its body are left.
    const bytes = readFileSync(tar);
    const header = bytes.indexOf('trace_full_ae01c7.json', 0, 'latin1');
    const body = header - (header % 512) + 512;
    writeFileSync(tar, bytes.subarray(0, body + cutTarAt));
  }
  return tar;
}

const registry = parseRegistry(
  '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link\nAE01C7,64-14845,USAF,Boeing RC-135V,R135,Mil,SIGINT,,,Oxcart,\n',
  'test',
);
const rule = KeepRules.for(registry).rule({ kind: 'first', once: false });

/** A day tar read in place, as a report reads it: the fixes kept, and the accounting. */
function readDay(tar: string) {
  const size = statSync(tar).size;
  return readOneSource(
    {
      name: tar,
      path: tar,
      size,
      open: () => {
        throw new Error('read in place');
      },
      archive: { kind: 'tar', parts: [{ path: tar, size }], day: null } as ArchiveSpec,
    },
    0,
    { rule },
  );
}

async function inspected(file: string) {
  const r = await runCli(['inspect', '--format', 'json', file]);
  return { code: r.code, stderr: r.stderr, input: JSON.parse(r.stdout).inputs[0] };
}

describe('a damaged trace in a day tar', () => {
  const flipped = (at: (gz: Buffer) => number) => (gz: Buffer) => {
    const b = Buffer.from(gz);
    b[at(b)] = (b[at(b)] as number) ^ 0xff;
    return b;
  };

  it('reads all of a trace whose gzip check alone fails, and counts it read in part', async () => {
    const intact = await inspected(dayTar('intact', (gz) => gz));
    const r = await inspected(
      dayTar(
        'crc',
        flipped((b) => b.length - 8),
      ),
    );
    expect(r.code).toBe(1);
    expect(r.input.rows).toBe(intact.input.rows);
    expect(r.input.archive.members).toMatchObject({ damaged: 1 });
    expect(r.input.archive.members.read).toBe(intact.input.archive.members.read - 1);
    expect(r.input.archive.damage).toMatchObject({ membersUnreadable: 1, membersReadInPart: 1 });
    expect(r.input.archive.damage.examples).toEqual([
      `./traces/c7/trace_full_ae01c7.json (unreadable: incorrect data check; ${POINTS} of its points were read and are kept)`,
    ]);
    expect(r.stderr).toMatch(/1 member read only up to the damage \(its rows before it are kept\)/);
  });

  it('keeps the points before a cut in the tar, gzipped or plain', async () => {
    const intact = await inspected(dayTar('intact-2', (gz) => gz));
    for (const [name, damage, keep] of [
      ['cut-gz', (gz: Buffer) => gz, 3_000],
      ['cut-plain', (_gz: Buffer) => Buffer.from(JSON.stringify(doc)), 20_000],
    ] as const) {
      const r = await inspected(dayTar(name, damage, keep));
      const kept = r.input.rows - (intact.input.rows - POINTS);
      expect(kept, name).toBeGreaterThan(10);
      expect(kept, name).toBeLessThan(POINTS);
      expect(r.input.archive.damage, name).toMatchObject({ membersCut: 1, membersReadInPart: 1 });
      expect(r.input.archive.damage.examples, name).toEqual([
        `./traces/c7/trace_full_ae01c7.json (cut short: ${kept} of its points were read and are kept)`,
      ]);
    }
  });

  it.each([
    ['bytes lost in the middle of it (a gap in the day)', 'gap'],
    ['garbage written over the middle of its gzip stream', 'garbage'],
  ] as const)('keeps only points of its own before %s', async (_what, how) => {
    const intact = await readDay(dayTar(`intact-${how}`, (gz) => gz));
    const tar = dayTar(how, (gz) => {
      const b = Buffer.from(gz);
      if (how === 'garbage') b.fill(0x41, b.length >> 1, (b.length >> 1) + 16);
      return how === 'gap'
        ? Buffer.concat([b.subarray(0, b.length >> 1), b.subarray((b.length >> 1) + 300)])
        : b;
    });
    const r = await readDay(tar);
    const damage = r.summary.archive?.damage;
    expect(damage?.readInPart).toBe(1);
    expect(damage?.examples[0]).toMatch(/ \d+ of its points were read and are kept\)$/);
    const fixes = (store: typeof r.positions): Position[] =>
      Array.from({ length: store.length }, (_, i) => store.get(i)).filter(
        (p) => p.hex === 'ae01c7',
      );
    const kept = fixes(r.positions);
    const own = fixes(intact.positions);
    expect(kept.length).toBeGreaterThan(own.length / 4);
    expect(kept.length).toBeLessThan(own.length);
    // Every point kept is the trace's own, in its order: none made of damaged bytes.
    const fix = (p: Position) => [p.timeMs, p.lat, p.lon, p.altitudeFt];
    expect(kept.map(fix)).toEqual(own.slice(0, kept.length).map(fix));
  });
});

describe('a trace file alone, cut short', () => {
  it.each([
    ['trace_full_ae01c7.json', Buffer.from(text).subarray(0, text.length >> 1), /^invalid JSON/],
    ['trace_full_ae01c7.json.gz', gzipSync(text).subarray(0, 4_000), /unexpected end of file/],
  ])(
    '%s keeps its points before the cut and names the fault (exit 1)',
    async (name, bytes, fault) => {
      const file = path.join(root, name);
      writeFileSync(file, bytes);
      const r = await inspected(file);
      expect(r.code).toBe(1);
      expect(r.input.format).toBe('readsb-trace');
      expect(r.input.rows).toBeGreaterThan(10);
      expect(r.input.rows).toBeLessThan(POINTS);
      expect(r.input.error.message).toMatch(fault);
      expect(r.stderr).toMatch(new RegExp(`\\(${r.input.rows} rows read before it are kept\\)`));
    },
  );
});

describe('a civil trace cut short, with --scan-all', () => {
  it('is damage, as the walk counted it, not a member skipped by its evidence', async () => {
    const dir = path.join(root, 'scan-all');
    writeDayFolder(dir, DAY, [rc135(DAY + 14 * 3_600_000, 240)], { civil: 20 });
    const tar = path.join(root, 'scan-all.tar');
    tarFolder(dir, tar);
    const bytes = readFileSync(tar);
    // The last civil trace (a B738 far from the region, its address outside the selection).
    const header = bytes.lastIndexOf('trace_full_a', bytes.length, 'latin1');
    expect(bytes.subarray(header, header + 30).toString('latin1')).not.toMatch(/ae01c7/);
    writeFileSync(tar, bytes.subarray(0, header - (header % 512) + 512 + 300));
    const r = JSON.parse((await runCli(['inspect', '--format', 'json', '--scan-all', tar])).stdout)
      .inputs[0];
    const m = r.archive.members;
    expect(r.archive.damage.membersCut).toBe(1);
    expect(m.damaged).toBe(1);
    expect(m.read + m.skipped + m.notFlightData + m.damaged).toBe(m.entries);
    expect(m.read).toBeGreaterThan(0);
  });
});

describe('a member that is not flight data, cut short', () => {
  it('is damage, as the walk counts it: the members still add up', async () => {
    const dir = path.join(root, 'cut-readme');
    writeDayFolder(dir, DAY, [rc135(DAY + 14 * 3_600_000, 240)], { civil: 3 });
    writeFileSync(path.join(dir, 'README.txt'), 'globe_history day\n'.repeat(400));
    const tar = path.join(root, 'cut-readme.tar');
    tarFolder(dir, tar);
    const bytes = readFileSync(tar);
    const header = bytes.indexOf('README.txt', 0, 'latin1');
    const rest = bytes.subarray(header - (header % 512) + 512 + 1_000);
    writeFileSync(tar, bytes.subarray(0, header - (header % 512) + 512 + 1_000));
    expect(rest.length).toBeGreaterThan(5_000);
    const { input } = await inspected(tar);
    const m = input.archive.members;
    expect(input.archive.damage.membersCut).toBe(1);
    expect(m.damaged).toBe(
      input.archive.damage.membersCut + input.archive.damage.membersUnreadable,
    );
    expect(m.read + m.skipped + m.notFlightData + m.damaged).toBe(m.entries);
    expect(input.archive.damage.examples).toEqual(['./README.txt (cut short)']);
  });
});
