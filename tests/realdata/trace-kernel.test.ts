import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRegistry } from '../../src/aircraft/registry.js';
import { TraceKernel } from '../../src/ingest/archive/trace-kernel.js';
import type { ReadContext } from '../../src/ingest/formats/format.js';
import { readTraceRows } from '../../src/ingest/formats/readsb-trace.js';
import type { RowResult } from '../../src/ingest/types.js';
import { tarFolder } from '../archive-kit.js';
import { readBothWays, sameValues, tarSource } from '../trace-kit.js';
import { REALDATA } from './realdata.js';

/**
 * The real readsb trace (traffic's sample, an airliner over Belize and Mexico with readsb's full
 * details objects): the trace kernel settles it and reads it as JSON.parse does, and through an
 * archive its rows taken as runs give the input's result that positions through the sink give.
 */
const TRACE = `${REALDATA}xoolive-traffic/readsb/trace_full_ac671b.json`;
const root = mkdtempSync(path.join(tmpdir(), 'sortie-real-trace-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the trace kernel on the real readsb trace', () => {
  it('settles it, and makes the rows JSON.parse makes', () => {
    const bytes = readFileSync(TRACE);
    const kernel = TraceKernel.shared();
    expect(kernel).not.toBeNull();
    expect(kernel?.read(bytes)).toBe(true);
    const ctx = { fileIndex: 0 } as ReadContext;
    const fromKernel: [RowResult, number][] = [];
    kernel?.rows(ctx, 0, (row, line) => fromKernel.push([row, line]));
    const fromParse: [RowResult, number][] = [];
    readTraceRows(JSON.parse(bytes.toString('utf8')), ctx, 0, (row, line) =>
      fromParse.push([row, line]),
    );
    expect(fromKernel).toHaveLength(2500);
    expect(fromKernel.every((row, i) => sameValues(row, fromParse[i]))).toBe(true);
    expect(fromKernel[3]?.[0]).toMatchObject({ callsign: 'DAL1812', squawk: '4637' });
  });

  it('through an archive, as runs of fixes: the result positions through the sink give', async () => {
    const folder = path.join(root, 'day');
    mkdirSync(path.join(folder, 'traces', '1b'), { recursive: true });
    writeFileSync(
      path.join(folder, 'traces', '1b', 'trace_full_ac671b.json'),
      gzipSync(readFileSync(TRACE), { level: 9 }),
    );
    const tar = path.join(root, 'v2025.02.04-planes-readsb-prod-0.tar');
    tarFolder(folder, tar);
    // A registry that holds it for a surveillance aircraft, so that it is selected and kept.
    const registry = parseRegistry(
      '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link\nAC671B,N899DN,Test,Boeing 737,B739,Mil,SIGINT,,,Oxcart,\n',
      'test',
    );
    const box = [-92, 14, -84, 22] as const;
    const byRuns = await readBothWays(tarSource(tar), registry, [box], true);
    const bySink = await readBothWays(tarSource(tar), registry, [box], false);
    expect(byRuns.positionsSeen).toBe(0);
    expect(bySink.positionsSeen).toBeGreaterThan(1000);
    expect(byRuns.positions.length).toBeGreaterThan(1000);
    expect(byRuns.coverage[0]?.hours.length).toBeGreaterThan(0);
    expect(JSON.stringify(byRuns.summary)).toBe(JSON.stringify(bySink.summary));
    expect(byRuns.positions).toEqual(bySink.positions);
    expect(JSON.stringify(byRuns.positions)).toBe(JSON.stringify(bySink.positions));
    expect(byRuns.tuples).toEqual(bySink.tuples);
    expect(byRuns.evidence).toEqual(bySink.evidence);
    expect(byRuns.coverage).toEqual(bySink.coverage);
  });
});
