import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { containerProblem, looksBinary } from '../src/ingest/containers.js';
import { notFlightDataByName } from '../src/ingest/file-names.js';
import { readAll, runCli, textSource } from './helpers.js';

/** A readsb aircraft.json: 6 aircraft, 3 of them with a usable position. */
const AIRCRAFT_JSON = readFileSync(
  'fixtures/formats/aircraft-json/snapshots/2025-02-03T1610Z.json',
);

/** Deterministic bytes that are no text: a heatmap's content, say. */
const noise = (n: number): Buffer =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * 73 + 11) % 256));

/**
 * A readsb --write-json folder as readsb, tar1090 and an adsb.lol globe_history day leave it:
 * aircraft.json and a history snapshot beside what is not flight data.
 */
function readsbFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-readsb-'));
  const write = (name: string, content: string | Buffer): void => {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  };
  write('aircraft.json', AIRCRAFT_JSON);
  write('history_0.json', AIRCRAFT_JSON);
  write('history_1.json', '{ "now": 1589902035.0 }');
  write(
    'receiver.json',
    '{ "refresh": 1000, "history": 2, "lat": 38.9, "lon": -77.0, "jaeroTimeout": 33.0, "readsb": true }',
  );
  write(
    'stats.json',
    '{ "now": 1589902035.0, "latest": { "start": 1589902030.0, "messages": 12 }, "total": { "messages": 99 } }',
  );
  write('outline.json', '{ "actualRange": { "last24h": { "points": [[39.1, -77.2, 1200]] } } }');
  write('chunks.json', '{ "chunks": ["chunk_1.gz"], "chunk_recent": "current_small.gz" }');
  write('status.json', '{ "now": 1589902035.0, "uptime": 3600.0 }');
  write('stats.prom', 'readsb_messages_total 1234\n');
  write('aircraft.binCraft.zst', Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), noise(64)]));
  write('heatmap/00.bin.ttf', gzipSync(noise(3000)));
  write('heatmap/01.bin.ttf', gzipSync(noise(3000)));
  write('acas/acas.csv.gz', gzipSync('01,02\n'));
  write('README.txt', 'readsb globe_history\n');
  write('LICENSE-ODbL.txt', 'ODbL\n');
  return dir;
}

describe('what sits beside the data', () => {
  it('a readsb folder is read whole: sidecars listed as not flight data, with the reason, exit 0', async () => {
    const dir = readsbFolder();
    const r = await runCli(['inspect', dir, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const rel = (f: string): string => path.relative(dir, f);
    const inputs = new Map<
      string,
      { format: string | null; used: number; notFlightData: string | null; error: unknown }
    >(j.inputs.map((i: { file: string }) => [rel(i.file), i]));
    expect(inputs.get('aircraft.json')).toMatchObject({
      format: 'aircraft-json',
      used: 3,
      notFlightData: null,
    });
    expect(inputs.get('history_0.json')).toMatchObject({ format: 'aircraft-json', used: 3 });
    const sidecars = Object.fromEntries(
      [...inputs].filter(([, i]) => i.notFlightData !== null).map(([f, i]) => [f, i.notFlightData]),
    );
    expect(sidecars).toEqual({
      'chunks.json': 'tar1090 chunks.json (its list of history chunks)',
      'history_1.json': 'readsb/tar1090 history_1.json, without aircraft',
      'outline.json': "readsb outline.json (the receiver's range)",
      'receiver.json': 'readsb receiver.json (receiver position and settings)',
      'stats.json': 'readsb stats.json (receiver statistics)',
      'status.json': 'readsb status.json (uptime)',
    });
    for (const i of inputs.values()) expect(i.error).toBeNull();
    expect(
      j.passedOver.map((f: { file: string; reason: string }) => [rel(f.file), f.reason]),
    ).toEqual([
      ['LICENSE-ODbL.txt', 'documentation (README, licence, notes)'],
      ['README.txt', 'documentation (README, licence, notes)'],
      ['acas/acas.csv.gz', 'readsb ACAS/TCAS resolution advisories: alerts, not tracks'],
      [
        'aircraft.binCraft.zst',
        'readsb binCraft (binary aircraft state for tar1090): the same aircraft are in aircraft.json',
      ],
      [
        'heatmap/00.bin.ttf',
        'a readsb heatmap (.bin.ttf): binary, not read; the same flights are in the traces',
      ],
      [
        'heatmap/01.bin.ttf',
        'a readsb heatmap (.bin.ttf): binary, not read; the same flights are in the traces',
      ],
      ['stats.prom', 'Prometheus metrics (readsb statistics)'],
    ]);
  });

  it('inspect lists them once per reason, with a count and an example, apart from the data', async () => {
    const dir = readsbFolder();
    const r = await runCli(['inspect', dir]);
    expect(r.code).toBe(0);
    const [table, ...rest] = r.stdout.split('\n\n');
    expect(
      table!
        .split('\n')
        .slice(1)
        .map((l) => path.relative(dir, l.split(/\s+/)[0]!)),
    ).toEqual(['aircraft.json', 'history_0.json']);
    const section = rest.find((s) => s.startsWith('Not flight data (not read):'));
    expect(section?.split('\n')).toEqual([
      'Not flight data (not read):',
      `  2 files: documentation (README, licence, notes) (e.g. ${dir}/LICENSE-ODbL.txt)`,
      `  ${dir}/acas/acas.csv.gz: readsb ACAS/TCAS resolution advisories: alerts, not tracks`,
      `  ${dir}/aircraft.binCraft.zst: readsb binCraft (binary aircraft state for tar1090): the same aircraft are in aircraft.json`,
      `  ${dir}/chunks.json: tar1090 chunks.json (its list of history chunks)`,
      `  2 files: a readsb heatmap (.bin.ttf): binary, not read; the same flights are in the traces (e.g. ${dir}/heatmap/00.bin.ttf)`,
      `  ${dir}/history_1.json: readsb/tar1090 history_1.json, without aircraft`,
      `  ${dir}/outline.json: readsb outline.json (the receiver's range)`,
      `  ${dir}/receiver.json: readsb receiver.json (receiver position and settings)`,
      `  ${dir}/stats.json: readsb stats.json (receiver statistics)`,
      `  ${dir}/stats.prom: Prometheus metrics (readsb statistics)`,
      `  ${dir}/status.json: readsb status.json (uptime)`,
      '',
    ]);
  });

  it('the report over a readsb folder counts only the data files, exit 0', async () => {
    const r = await runCli(['report', readsbFolder()]);
    expect(r.code).toBe(0);
    // No complaint about the sidecars; only the verdict's warnings (a minute of receiver data
    // against a week's window) reach stderr.
    for (const line of r.stderr.split('\n').filter((l) => l !== '')) {
      expect(line).toMatch(/^sortie: warning: /);
    }
    expect(r.stdout).toMatch(/^Inputs: 2 files, 12 rows: 6 used, 6 skipped/m);
  });

  it('a sidecar named on the command line: by its content, else by its name when no format knows it', async () => {
    const { inputs } = await readAll([
      textSource(
        'x/receiver.json',
        '{ "refresh": 1000, "history": 120, "version": "dump1090-fa 9.0" }',
      ),
      textSource('x/heatmap/05.bin.ttf', gzipSync(noise(2000))),
      textSource('x/mystery.bin', noise(2000)),
    ]);
    expect(inputs.map((i) => [i.notFlightData ?? null, i.error?.message ?? null])).toEqual([
      ['readsb receiver.json (receiver position and settings)', null],
      ['a readsb heatmap (.bin.ttf): binary, not read; the same flights are in the traces', null],
      [null, 'not a known format: binary data (it starts 0b 54 9d e6 2f 78 c1 0a)'],
    ]);
  });

  it('JSON that is neither flight data nor a known sidecar is still an error', async () => {
    const { inputs } = await readAll([textSource('hello.json', '{ "hello": "world" }')]);
    expect(inputs[0]!.error?.message).toBe('JSON of no known format (top-level keys: hello)');
  });

  it('shapefile geometry is not flight data: the .dbf beside it holds the points', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-shp-'));
    for (const ext of ['dbf', 'cpg']) {
      writeFileSync(
        path.join(dir, `points.${ext}`),
        readFileSync(`fixtures/formats/dbf/flight_points.${ext}`),
      );
    }
    // The header of a .shp or .shx: file code 9994 (big-endian), version 1000 (little-endian).
    const header = Buffer.alloc(100);
    header.writeUInt32BE(9994, 0);
    header.writeUInt32LE(1000, 28);
    writeFileSync(path.join(dir, 'points.shp'), header);
    writeFileSync(path.join(dir, 'points.shx'), header);
    const r = await runCli(['inspect', dir, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const geometry =
      'ESRI shapefile geometry (.shp, .shx): no times; the points are read from the .dbf beside it';
    expect(
      j.inputs.map((i: { file: string; notFlightData: string | null }) => [
        path.basename(i.file),
        i.notFlightData,
      ]),
    ).toEqual([
      ['points.dbf', null],
      ['points.shp', geometry],
      ['points.shx', geometry],
    ]);
    expect(j.passedOver).toEqual([
      {
        file: path.join(dir, 'points.cpg'),
        reason:
          "a shapefile's encoding or projection (.cpg, .prj): the points are read from its .dbf",
      },
    ]);
  });

  it('a folder of nothing but documentation says so', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-docs-'));
    writeFileSync(path.join(dir, 'README.md'), '# data\n');
    writeFileSync(path.join(dir, 'notice.txt'), 'notice\n');
    const r = await runCli(['inspect', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `sortie: no input files found in ${dir} (2 files left out as not flight data, e.g. ${dir}/README.md: documentation (README, licence, notes))\n`,
    );
  });

  it.each([
    ['README', 'documentation (README, licence, notes)'],
    ['LICENSE-cc0.txt', 'documentation (README, licence, notes)'],
    ['sources.csv', 'documentation (README, licence, notes)'],
    ['NOTICE.md', 'documentation (README, licence, notes)'],
    ['notes.txt', 'documentation (README, licence, notes)'],
    ['Note.TXT', 'documentation (README, licence, notes)'],
    ['notes_rc135.csv', null],
    ['note-2025-02.csv', null],
    ['map.PNG', 'an image'],
    [
      'points.prj',
      "a shapefile's encoding or projection (.cpg, .prj): the points are read from its .dbf",
    ],
    ['history_3.json', null],
    ['aircraft.json', null],
    ['readme_data.csv', 'documentation (README, licence, notes)'],
    ['states_2025-02-05-20.csv', null],
  ])('the name %j says %j', (name, reason) => {
    expect(notFlightDataByName(name)).toBe(reason);
  });
});

describe('repeated notes', () => {
  it('a note several files share is said once, with a count and an example', async () => {
    const r = await runCli(['inspect', 'fixtures/formats/plane-alert-log']);
    expect(r.code).toBe(0);
    const note =
      "times read as UTC: Planefence writes its station's local time (give --source-tz if the station is not on UTC)";
    expect(r.stdout.split(note)).toHaveLength(2);
    expect(r.stdout).toContain(
      `\nNotes on several files:\n  2 files: ${note} (e.g. fixtures/formats/plane-alert-log/all-plane-alerts.txt)\n`,
    );
  });
});

describe('archives and compressed streams, by their first bytes', () => {
  const cases: [string, Buffer, string][] = [
    [
      'data.bin',
      Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), noise(60)]),
      'a zip archive not named .zip: rename it (mv data.bin data.zip) and sortie reads it in place',
    ],
    [
      'data.csv',
      Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), noise(60)]),
      'a zip archive not named .zip: rename it (mv data.csv data.zip) and sortie reads it in place',
    ],
    [
      // Named .zip and read as a stream: a member of another archive (day.tar:inner.zip).
      'day.tar:inner.zip',
      Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), noise(60)]),
      'a zip archive inside another archive: extract it, then give it (sortie reads a zip file in place, not a zip inside an archive)',
    ],
    [
      'flights.xlsx',
      Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), noise(60)]),
      'an Excel workbook: save the sheet as CSV first',
    ],
    [
      'states.csv.xz',
      Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), noise(60)]),
      'an xz-compressed file: decompress it first (xz -dk states.csv.xz)',
    ],
    [
      'day.tar.xz',
      Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), noise(60)]),
      'an xz-compressed tar archive: decompress it first (xz -dk day.tar.xz); sortie reads the .tar in place',
    ],
    [
      'states.csv.bz2',
      Buffer.concat([Buffer.from('BZh9', 'latin1'), noise(60)]),
      'a bzip2-compressed file: decompress it first (bunzip2 -k states.csv.bz2)',
    ],
    [
      'my states.zst',
      Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), noise(60)]),
      "a zstd-compressed file: decompress it first (zstd -d 'my states.zst')",
    ],
    [
      'a.7z',
      Buffer.concat([Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), noise(60)]),
      'a 7z archive: sortie does not read inside archives; extract it first (7z x a.7z) and give the folder',
    ],
    [
      'a.rar',
      Buffer.concat([Buffer.from('Rar!\u001a\u0007\u0001\u0000', 'latin1'), noise(60)]),
      'a RAR archive: sortie does not read inside archives; extract it first (unrar x a.rar) and give the folder',
    ],
    [
      'states.parquet',
      Buffer.concat([Buffer.from('PAR1', 'latin1'), noise(60)]),
      `a Parquet file: sortie reads CSV; convert it first (e.g. duckdb -c "COPY (FROM 'states.parquet') TO 'out.csv'")`,
    ],
  ];

  it.each(cases)('%s is named as what it is, with what to do', async (name, bytes, message) => {
    expect(containerProblem(bytes, name)).toBe(message);
    const { inputs } = await readAll([textSource(name, bytes, 512)]);
    expect(inputs[0]).toMatchObject({ rows: 0, error: { message, line: null } });
  });

  it('through the CLI: one line per file, exit 1, and the other inputs read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-archives-'));
    const xz = Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), noise(60)]);
    writeFileSync(path.join(dir, 'day.tar.xz'), xz);
    writeFileSync(path.join(dir, 'aircraft.json'), AIRCRAFT_JSON);
    const r = await runCli(['inspect', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `sortie: ${dir}/day.tar.xz: an xz-compressed tar archive: decompress it first (xz -dk ${dir}/day.tar.xz); sortie reads the .tar in place\n`,
    );
    expect(JSON.parse(r.stdout).inputs[0]).toMatchObject({ format: 'aircraft-json', used: 3 });
  });

  it('an archive on standard input is named as such too', async () => {
    const zip = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), noise(60)]);
    const r = await runCli(['inspect', '-'], {}, zip);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'sortie: -: a zip archive on standard input: save it as a file named .zip and give that (sortie reads zip files in place, from their end)\n',
    );
  });

  it('text, UTF-8 or not, is never taken for binary data', () => {
    expect(looksBinary(Buffer.from('time,lat,lon\n1,2,3\n\tJOSÉ\f\u001b[0m\n'))).toBe(false);
    expect(looksBinary(Buffer.from('time,lat,lon\n1,2,3\n', 'latin1'))).toBe(false);
    // FR24 bulk flights files pad some quoted fields with NULs: a few rows, not binary data.
    const padded = Buffer.from(`${'207702847,14531511,F-CGRM,GLID,"FCGRM",,,,,\n'.repeat(20)}`);
    padded[35] = 0;
    padded[36] = 0;
    expect(looksBinary(padded)).toBe(false);
    expect(looksBinary(Buffer.from([0x41, 0x00, 0x00, 0x42]))).toBe(true);
  });
});

describe('a registry given as flight data', () => {
  it('is said to be a registry, apart from an input cut short, in every output; exit 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-registry-input-'));
    writeFileSync(path.join(dir, 'aircraft.json'), AIRCRAFT_JSON);
    const registry = path.join(dir, 'aircraftDatabase.csv');
    writeFileSync(registry, readFileSync('fixtures/formats/registries/aircraftDatabase.csv'));
    const cut = path.join(dir, 'states.csv.gz');
    const states = 'time,icao24,lat,lon\n'.concat('1738598400,ae01c7,27.1,-111.2\n'.repeat(400));
    writeFileSync(cut, gzipSync(states).subarray(0, 60));
    const cutWarning = `1 input could not be read in full (${cut}): missions in their unread rows are not counted.`;
    const registryWarning = `1 input is an aircraft registry, not flight data (${registry}): no rows were read from it, and the aircraft it lists were not used to identify surveillance aircraft; give a registry with --aircraft-db.`;

    const json = await runCli(['report', dir, '--format', 'json']);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout) as {
      warnings: string[];
      inputs: { file: string; error: { registry?: string } | null }[];
    };
    expect(doc.warnings.filter((w) => w.startsWith('1 input '))).toEqual([
      cutWarning,
      registryWarning,
    ]);
    const errors = Object.fromEntries(doc.inputs.map((i) => [path.basename(i.file), i.error]));
    expect(errors['aircraftDatabase.csv']).toMatchObject({ line: 1, registry: 'aircraft-db' });
    expect(errors['states.csv.gz']).not.toBeNull();
    expect(errors['states.csv.gz']).not.toHaveProperty('registry');
    expect(json.stderr).toContain(`sortie: warning: ${registryWarning}\n`);

    const text = await runCli(['report', dir]);
    expect(text.stdout).toContain(`Warning: ${registryWarning}`);
    expect(text.stdout).toMatch(
      /; 1 file could not be read in full; 1 is a registry file, not flight data\. /,
    );
  });

  it('one that --aircraft-db does not read either is not said to belong there', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-registry-unread-'));
    writeFileSync(path.join(dir, 'aircraft.json'), AIRCRAFT_JSON);
    const categories = path.join(dir, 'plane-alert-categories.csv');
    writeFileSync(categories, "Category\nDictator Alert\nDon't you know who I am?\n");
    const shard = path.join(dir, 'db-AE.json');
    writeFileSync(shard, JSON.stringify({ '01C7': ['64-14845', 'R135', '10', 'Boeing RC-135V'] }));
    const r = await runCli(['report', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      warnings: string[];
      inputs: { file: string; error: { registry?: string } | null }[];
    };
    expect(doc.warnings.filter((w) => /registr/.test(w))).toEqual([
      `2 inputs are registry files sortie does not read (a tar1090-db shard, plane-alert-db's list of categories), not flight data (${shard}, ${categories}): no rows were read from them.`,
    ]);
    expect(doc.inputs.map((i) => i.error?.registry ?? null).sort()).toEqual([
      'not-read',
      'not-read',
      null,
    ]);
  });
});
