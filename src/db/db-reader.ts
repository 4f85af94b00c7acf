/**
 * Reading inputs back from the database as the file readers would have given them: an InputReader
 * (src/read-inputs.ts) whose results are those of reading each loaded file, so everything after
 * it (joining inputs, identification, sorties, missions, exposure) runs unchanged.
 *
 * What is asked of the server is only what the pipeline can use: for the first pass, the
 * positions `keep` may select (the registries' surveillance addresses and rows carrying a
 * surveillance type) and every position in or near the region (coverage is measured from all of
 * them); for the second pass, the positions of the aircraft named late. Every condition is a
 * PREWHERE: the server reads the other columns only of the granules where a row matched (three
 * times faster than WHERE on 18.16, which moves no OR to PREWHERE itself). The exact rules run here
 * on what comes back, so the server's part only needs to be wide enough.
 */
import { identifiedByRegistry, mayBeIdentified, NO_ROW_EVIDENCE } from '../aircraft/identify.js';
import { ISR_TYPES, LIGHT_ISR_TYPES } from '../aircraft/designators.js';
import type { Registry } from '../aircraft/registry.js';
import { KeepRules, type KeepRule } from '../aircraft/watch.js';
import { coverageCollector } from '../coverage/coverage.js';
import { newCompanions, type Companions } from '../ingest/companions.js';
import type { AircraftEvidence, InputSource } from '../ingest/collect.js';
import type { SourceResult } from '../ingest/source-result.js';
import { FixStore } from '../ingest/fix-store.js';
import { evidencePosition, type Position } from '../ingest/types.js';
import type { TrackSpan } from '../tracks/track-span.js';
import type { InputReader, ReadJob } from '../read-inputs.js';
import { positionOfTsv, SELECTED_COLUMNS, unescapeTsv } from './rows.js';
import { INPUTS, POSITIONS } from './schema.js';
import { identifier, literal } from './sql.js';
import {
  summaryOfJson,
  evidenceOfJson,
  companionsOfJson,
  type StoredInput,
} from './stored-input.js';
import type { InputSummary } from '../ingest/collect.js';

/** Runs a query and streams its TSV answer's lines (the CLI gives one over HTTP). */
export type QueryLines = (sql: string) => AsyncIterable<string>;

/** The query listing every recorded input, oldest load of each file first. */
export function inputsQuery(database: string): string {
  return `SELECT input_key, load_id, file, kind, summary, evidence, companions FROM ${identifier(database)}.${INPUTS} ORDER BY file, input_key, loaded_at, load_id FORMAT TabSeparated`;
}

/** What the database holds: inputs to read, and files a folder held that are not flight data. */
export interface StoredInputs {
  readonly inputs: StoredInput[];
  readonly passedOver: { name: string; reason: string }[];
  readonly leftOut: { file: string; reason: string }[];
}

/**
 * Reads the recorded inputs from the TSV lines of `inputsQuery`: one load per input key, in the
 * order the file path reads inputs (by name, in code units).
 */
export function storedInputsOf(lines: readonly string[]): StoredInputs {
  const seen = new Set<string>();
  const inputs: StoredInput[] = [];
  const passedOver: { name: string; reason: string }[] = [];
  const leftOut: { file: string; reason: string }[] = [];
  for (const line of lines) {
    if (line === '') continue;
    const f = line.split('\t').map(unescapeField);
    const [inputKey, loadId, file, kind, summary, evidence, companions] = f as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (seen.has(inputKey)) continue;
    seen.add(inputKey);
    if (kind !== 'input') {
      const reason = (JSON.parse(summary) as { reason: string }).reason;
      if (kind === 'left-out') leftOut.push({ file, reason });
      else passedOver.push({ name: file, reason });
      continue;
    }
    const c = companionsOfJson(companions);
    inputs.push({
      inputKey,
      loadId,
      file,
      kind: 'input',
      summary: summaryOfJson(summary),
      evidence: evidenceOfJson(evidence),
      fr24Flights: c.fr24Flights,
      fr24Flight: c.fr24Flight,
    });
  }
  const byName =
    <T>(name: (t: T) => string) =>
    (a: T, b: T): number =>
      name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0;
  inputs.sort(byName((i) => i.file));
  passedOver.sort(byName((p) => p.name));
  leftOut.sort(byName((l) => l.file));
  return { inputs, passedOver, leftOut };
}

function unescapeField(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, c: string) =>
    c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c === '0' ? '\0' : c,
  );
}

/** A stand-in source for a stored input: it names the file; its rows come from the database. */
export function storedSource(input: StoredInput): InputSource {
  return {
    name: input.file,
    open() {
      throw new Error(`${input.file} is read from the database`);
    },
  };
}

/** The addresses the registries alone may identify: those a first pass keeps whatever the rows say. */
export function registryAddresses(registry: Registry): string[] {
  const out: string[] = [];
  for (const [hex, entry] of registry) {
    if (identifiedByRegistry(hex, entry) || mayBeIdentified(hex, NO_ROW_EVIDENCE, registry)) {
      out.push(hex);
    }
  }
  return out.sort();
}

/** The surveillance type designators a row may carry to identify its aircraft by itself. */
export function surveillanceTypes(): string[] {
  return [...Object.keys(ISR_TYPES), ...Object.keys(LIGHT_ISR_TYPES)].sort();
}

/**
 * A box as SQL, [west, south, east, north] moved out by `padDeg` (in by a negative one): the
 * server reads decimal literals with a fast routine that may be one unit in the last place off, so
 * the exact test against the region's box is made here, never there.
 */
function sqlBox(bbox: readonly [number, number, number, number], padDeg: number): string {
  const [w, s, e, n] = bbox;
  return `(lat >= ${literal(s - padDeg)} AND lat <= ${literal(n + padDeg)} AND lon >= ${literal(w - padDeg)} AND lon <= ${literal(e + padDeg)})`;
}

/** A load's id (digits, as the server writes a UInt64 below 2^53) as the number it is. */
function loadNumber(id: string): number {
  if (!/^\d{1,16}$/.test(id) || !Number.isSafeInteger(Number(id))) {
    throw new Error(`not a load id: ${JSON.stringify(id)}`);
  }
  return Number(id);
}

/** Far beyond any error in reading a literal, far within any box a region has. */
const SURELY_DEG = 1e-6;

const FROM = (database: string): string => `${identifier(database)}.${POSITIONS}`;
const LOADS = (loadIds: readonly string[]): string =>
  `load_id IN (${loadIds.map((id) => literal(loadNumber(id))).join(', ')})`;

/**
 * The span as SQL: `time` (whole seconds, the partition and sort key) lets the server pass over
 * days and granules; `time_ms` is the exact test. Null without a span.
 */
function spanSql(span: TrackSpan | null): string | null {
  if (span === null) return null;
  const tests: string[] = [];
  // DateTime holds unsigned 32-bit seconds: a bound beyond them is left to time_ms.
  const asDateTime = (ms: number): string | null => {
    const s = Math.floor(ms / 1000);
    return s >= 0 && s <= 0xffffffff ? `toDateTime(${literal(s)})` : null;
  };
  if (Number.isFinite(span.fromMs)) {
    const from = asDateTime(span.fromMs);
    if (from !== null) tests.push(`time >= ${from}`);
    tests.push(`time_ms >= ${literal(span.fromMs)}`);
  }
  if (Number.isFinite(span.toMs)) {
    const to = asDateTime(span.toMs);
    if (to !== null) tests.push(`time <= ${to}`);
    tests.push(`time_ms < ${literal(span.toMs)}`);
  }
  return tests.length === 0 ? null : tests.join(' AND ');
}

export interface KeepQuery {
  readonly database: string;
  readonly loadIds: readonly string[];
  readonly addresses: readonly string[];
  readonly types: readonly string[];
  /** Only positions with an address in this span (the report's window and baseline, widened). */
  readonly span?: TrackSpan | null;
}

/**
 * The first pass's positions that `keep` may select: the registries' addresses, rows carrying a
 * surveillance type, within the span; and positions without an address, whenever they were (they
 * wait for one, and the input's count of aircraft depends on whether they find one).
 */
export function keepSql(q: KeepQuery): string {
  const keep = [
    q.addresses.length > 0 ? `hex IN (${q.addresses.map(literal).join(', ')})` : null,
    q.types.length > 0 ? `type_code IN (${q.types.map(literal).join(', ')})` : null,
  ].filter((c): c is string => c !== null);
  const inSpan = spanSql(q.span ?? null);
  const kept =
    keep.length === 0
      ? null
      : inSpan === null
        ? keep.join(' OR ')
        : `(${keep.join(' OR ')}) AND ${inSpan}`;
  return `SELECT ${SELECTED_COLUMNS.join(', ')} FROM ${FROM(q.database)}
PREWHERE ${LOADS(q.loadIds)} AND (hex = ''${kept === null ? '' : ` OR (${kept})`})
FORMAT TabSeparated`;
}

export interface BoxQuery {
  readonly database: string;
  readonly loadIds: readonly string[];
  /** The coverage box (the region's widened by the margin). */
  readonly box: readonly [number, number, number, number];
}

/**
 * The positions within a millionth of a degree of the box's edge, whole: the server's reading of
 * a decimal literal may be a unit in the last place off, so whether they are inside is decided
 * here (those surely inside are summed up by the server: boxHoursSql, boxEdgesSql).
 */
export function boxRowsSql(q: BoxQuery): string {
  const where = `${sqlBox(q.box, SURELY_DEG)} AND NOT ${sqlBox(q.box, -SURELY_DEG)}`;
  return `SELECT ${SELECTED_COLUMNS.join(', ')} FROM ${FROM(q.database)}
PREWHERE ${LOADS(q.loadIds)} AND ${where}
FORMAT TabSeparated`;
}

/**
 * Of the positions surely inside the box, each load's hours and the aircraft heard in each, with
 * the row evidence that tells whether one may be a surveillance aircraft: the coverage of inputs
 * whose hours alone are kept (the file path's fast reader counts their reports in bulk too).
 */
export function boxHoursSql(q: BoxQuery): string {
  return `SELECT load_id, intDiv(time_ms, 3600000) AS hour, hex, type_code, db_flags FROM ${FROM(q.database)}
PREWHERE ${LOADS(q.loadIds)} AND hex != '' AND ${sqlBox(q.box, -SURELY_DEG)}
GROUP BY load_id, hour, hex, type_code, db_flags
FORMAT TabSeparated`;
}

/** The columns of an edge report, as `boxEdgesSql` gives them (a null as a flag and a 0). */
const EDGE_COLUMNS = [
  'seq',
  'time_ms',
  'lat',
  'lon',
  'isNull(altitude_ft)',
  'ifNull(altitude_ft, 0)',
  'on_ground',
  'isNull(gs_kt)',
  'ifNull(gs_kt, 0)',
  'isNull(track_deg)',
  'ifNull(track_deg, 0)',
] as const;

/**
 * Of the positions with an address surely inside the box, per load and hour: the first report
 * (earliest time, then earliest in the reader's order) and the last (latest time, then latest), and
 * the box the hour's reports span. With the ring of rows near the box's edge and the heard hours
 * (boxHoursSql), that is all coverage keeps of an input read whole: the server sends an hour's two
 * reports instead of all of them. An argument that may be null is asked as a flag and a value, as
 * argMin skips the rows where its argument is null.
 */
export function boxEdgesSql(q: BoxQuery): string {
  const order = '(time_ms, seq)';
  const first = EDGE_COLUMNS.map((c) => `argMin(${c}, ${order})`);
  const last = EDGE_COLUMNS.map((c) => `argMax(${c}, ${order})`);
  return `SELECT load_id, intDiv(time_ms, 3600000) AS hour, ${[...first, ...last].join(', ')}, min(lon), min(lat), max(lon), max(lat) FROM ${FROM(q.database)}
PREWHERE ${LOADS(q.loadIds)} AND hex != '' AND ${sqlBox(q.box, -SURELY_DEG)}
GROUP BY load_id, hour
FORMAT TabSeparated`;
}

/** An hour's first and last reports near the region and the box they span, from boxEdgesSql. */
export interface EdgeHour {
  readonly fileIndex: number;
  readonly first: StoredEdge;
  readonly last: StoredEdge;
  readonly extent: readonly [number, number, number, number];
}

/** A report as coverage keeps it, with its place in its load. */
export interface StoredEdge {
  readonly seq: number;
  readonly position: Position;
}

/** A row near the box's edge, filed by input. */
interface EdgeRow extends StoredEdge {
  readonly fileIndex: number;
}

function edgeRowOfTsv(line: string, fileIndexOf: (loadId: string) => number): EdgeRow {
  const { seq, position } = positionOfTsv(line, fileIndexOf);
  return { fileIndex: position.source.fileIndex, seq, position };
}

/** A line of boxEdgesSql's answer. */
export function edgeHourOfTsv(line: string, fileIndexOf: (loadId: string) => number): EdgeHour {
  const f = line.split('\t');
  const n = EDGE_COLUMNS.length;
  const fileIndex = fileIndexOf(f[0] as string);
  const edge = (at: number): StoredEdge => {
    const v = (k: number): string => f[at + k] as string;
    const orNull = (flag: number): number | null => (v(flag) === '1' ? null : Number(v(flag + 1)));
    return {
      seq: Number(v(0)),
      position: {
        hex: null,
        callsign: null,
        timeMs: Number(v(1)),
        lat: Number(v(2)),
        lon: Number(v(3)),
        altitudeFt: orNull(4),
        onGround: v(6) === '1',
        groundSpeedKt: orNull(7),
        trackDeg: orNull(9),
        typeCode: null,
        registration: null,
        dbFlags: null,
        source: { fileIndex, line: 0 },
      },
    };
  };
  const box = f.slice(2 + 2 * n).map(Number) as [number, number, number, number];
  return { fileIndex, first: edge(2), last: edge(2 + n), extent: box };
}

/** The second pass: the positions of these addresses in these loads, within the span. */
export function latePassSql(
  database: string,
  loadIds: readonly string[],
  hexes: readonly string[],
  span: TrackSpan | null = null,
): string {
  const inSpan = spanSql(span);
  return `SELECT ${SELECTED_COLUMNS.join(', ')} FROM ${FROM(database)}
PREWHERE ${LOADS(loadIds)} AND hex IN (${hexes.map(literal).join(', ')})${inSpan === null ? '' : ` AND ${inSpan}`}
FORMAT TabSeparated`;
}

export interface DbReaderOptions {
  readonly database: string;
  readonly inputs: readonly StoredInput[];
  readonly registry: Registry;
  readonly query: QueryLines;
  /** Told the SQL of each query before it is sent (--verbose, tests). */
  readonly onQuery?: (sql: string) => void;
  /** The positions made into sorties: only these are asked for (coverage still reads all). */
  readonly trackSpan?: TrackSpan | null;
}

/** An aircraft heard in an hour near the region, with what its rows carried (boxHoursSql). */
interface HeardHour {
  readonly fileIndex: number;
  readonly hour: number;
  readonly hex: string;
  readonly typeCode: string | null;
  readonly dbFlags: number | null;
}

function heardHourOfTsv(line: string, fileIndexOf: (loadId: string) => number): HeardHour {
  const [loadId, hour, hex, typeCode, dbFlags] = line.split('\t') as [
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    fileIndex: fileIndexOf(loadId),
    hour: Number(hour),
    hex: unescapeTsv(hex),
    typeCode: typeCode === '\\N' ? null : unescapeTsv(typeCode),
    dbFlags: dbFlags === '\\N' ? null : Number(dbFlags),
  };
}

/** An InputReader over stored inputs; job `fileIndex` k is `inputs[k]`. */
export function dbInputReader(options: DbReaderOptions): InputReader {
  const { inputs, registry, database } = options;
  const rules = KeepRules.for(registry);
  const fileIndexOf = new Map(inputs.map((input, i) => [input.loadId, i]));
  const indexOf = (loadId: string): number => fileIndexOf.get(loadId) ?? -1;

  /**
   * Each load's positions of the query that its rule keeps, in a compact store as they arrive and
   * then put in the order its reader gave them (the server sends them in its own), and those
   * without an address (they wait for one), likewise. A year's rows are never held as objects.
   */
  async function fetchKept(
    sql: string,
    ruleOf: (fileIndex: number) => KeepRule,
  ): Promise<Map<number, { positions: FixStore; waiting: Position[] }>> {
    options.onQuery?.(sql);
    const byLoad = new Map<
      number,
      { store: FixStore; seqs: number[]; waiting: StoredEdge[]; rule: KeepRule }
    >();
    for await (const line of options.query(sql)) {
      if (line === '') continue;
      const stored = positionOfTsv(line, indexOf);
      const p = stored.position;
      const index = p.source.fileIndex;
      let load = byLoad.get(index);
      if (load === undefined) {
        load = { store: new FixStore(), seqs: [], waiting: [], rule: ruleOf(index) };
        byLoad.set(index, load);
      }
      if (p.hex === null) load.waiting.push(stored);
      else if (load.rule.keep(p)) {
        load.store.push(p);
        load.seqs.push(stored.seq);
      }
    }
    const out = new Map<number, { positions: FixStore; waiting: Position[] }>();
    for (const [index, load] of byLoad) {
      const { store, seqs } = load;
      let inOrder = true;
      for (let i = 1; i < seqs.length && inOrder; i += 1) {
        inOrder = (seqs[i - 1] as number) < (seqs[i] as number);
      }
      let positions = store;
      if (!inOrder) {
        const order = Uint32Array.from(seqs.keys()).sort(
          (a, b) => (seqs[a] as number) - (seqs[b] as number),
        );
        positions = new FixStore(store.length);
        positions.appendInOrder(store, order);
        store.release();
      }
      load.waiting.sort((a, b) => a.seq - b.seq);
      out.set(index, { positions, waiting: load.waiting.map((w) => w.position) });
    }
    return out;
  }

  /** The lines of a query, each read by `read` and filed by input into `into`. */
  async function fetchInto<T extends { readonly fileIndex: number }>(
    sql: string,
    read: (line: string, fileIndexOf: (loadId: string) => number) => T,
    into: Map<number, T[]>,
  ): Promise<void> {
    options.onQuery?.(sql);
    for await (const line of options.query(sql)) {
      if (line === '') continue;
      const item = read(line, indexOf);
      let list = into.get(item.fileIndex);
      if (list === undefined) into.set(item.fileIndex, (list = []));
      list.push(item);
    }
  }

  return {
    async read(jobs, take): Promise<void> {
      const firsts = jobs.filter((j) => j.spec.kind === 'first');
      const lates = jobs.filter((j) => j.spec.kind === 'late');
      const results = new Map<ReadJob, SourceResult>();
      if (firsts.length > 0) {
        // Every region of the run is measured in the same read (the first job's boxes).
        const boxes = firsts.find((j) => j.coverageBoxes !== null)?.coverageBoxes ?? [];
        const loadOf = (j: ReadJob): string => (inputs[j.fileIndex] as StoredInput).loadId;
        // The queries at once: the server answers them on its own cores.
        const asked: Promise<void>[] = [];
        let kept = new Map<number, { positions: FixStore; waiting: Position[] }>();
        const firstRules = new Map(firsts.map((j) => [j.fileIndex, rules.rule(j.spec)]));
        asked.push(
          fetchKept(
            keepSql({
              database,
              loadIds: firsts.map(loadOf),
              addresses: registryAddresses(registry),
              types: surveillanceTypes(),
              span: options.trackSpan ?? null,
            }),
            (i) => firstRules.get(i) as KeepRule,
          ).then((rows) => {
            kept = rows;
          }),
        );
        // Per region box: the rows near its edge, the aircraft heard near it per hour, and (for
        // inputs read whole) each hour's first and last report near it.
        const near = boxes.map(() => new Map<number, EdgeRow[]>());
        const hours = boxes.map(() => new Map<number, HeardHour[]>());
        const edges = boxes.map(() => new Map<number, EdgeHour[]>());
        const measured = firsts.filter((j) => j.coverageBoxes !== null);
        const loadIds = measured.map(loadOf);
        // Inputs the file path reads in bulk keep hours only; the others each hour's first and
        // last report too: the server counts and picks them, only the box's edge comes whole.
        const whole = measured.filter((j) => inputs[j.fileIndex]?.summary.fast === undefined);
        for (const [k, box] of boxes.entries()) {
          if (loadIds.length === 0) break;
          const q = { database, loadIds, box: coverageCollector(box).bbox };
          // In the server's order: they are put in the order read with the hours' reports.
          asked.push(fetchInto(boxRowsSql(q), edgeRowOfTsv, near[k] as Map<number, EdgeRow[]>));
          asked.push(
            fetchInto(boxHoursSql(q), heardHourOfTsv, hours[k] as Map<number, HeardHour[]>),
          );
          if (whole.length > 0) {
            const w = { ...q, loadIds: whole.map(loadOf) };
            asked.push(
              fetchInto(boxEdgesSql(w), edgeHourOfTsv, edges[k] as Map<number, EdgeHour[]>),
            );
          }
        }
        // Every query is waited for, also when one fails: none is left running unread.
        const settled = await Promise.allSettled(asked);
        const failed = settled.find((r) => r.status === 'rejected');
        if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
        for (const job of firsts) {
          results.set(
            job,
            firstResult(
              job,
              kept.get(job.fileIndex) ?? { positions: new FixStore(), waiting: [] },
              near.map((m) => m.get(job.fileIndex) ?? []),
              hours.map((m) => m.get(job.fileIndex) ?? []),
              edges.map((m) => m.get(job.fileIndex) ?? []),
              rules.rule(job.spec),
            ),
          );
        }
      }
      for (const job of lates) {
        if (job.spec.kind !== 'late') continue;
        const load = (inputs[job.fileIndex] as StoredInput).loadId;
        const rule = rules.rule(job.spec);
        const byLoad = await fetchKept(
          latePassSql(database, [load], job.spec.hexes, options.trackSpan ?? null),
          () => rule,
        );
        const input = inputs[job.fileIndex] as StoredInput;
        results.set(job, {
          summary: input.summary,
          positions: byLoad.get(job.fileIndex)?.positions ?? new FixStore(),
          waiting: [],
          evidence: new Map(),
          companions: newCompanions(),
          coverage: null,
        });
      }
      // The database answers each query for every input at once: all are held until then.
      for (const [k, j] of jobs.entries()) take(results.get(j) as SourceResult, k);
    },
  };

  function firstResult(
    job: ReadJob,
    kept: { readonly positions: FixStore; readonly waiting: Position[] },
    near: readonly (readonly StoredEdge[])[],
    heard: readonly (readonly HeardHour[])[],
    edges: readonly (readonly EdgeHour[])[],
    rule: KeepRule,
  ): SourceResult {
    const input = inputs[job.fileIndex] as StoredInput;
    // A fresh summary: joining the inputs fills it in.
    const summary: InputSummary = { ...input.summary, hexes: new Set(input.summary.hexes) };
    const collectors = (job.coverageBoxes ?? []).map((box) => coverageCollector(box));
    const { positions, waiting } = kept;
    for (const [k, collector] of collectors.entries()) {
      // In the order the reader gave them, the edge's rows and each hour's first and last report
      // inside: the collector keeps the same first and last as from every row. Whether an hour had
      // other traffic is told by the heard aircraft (and the edge's rows).
      const reports: { seq: number; position: Position; candidate: boolean }[] = [];
      for (const r of near[k] ?? []) {
        if (r.position.hex !== null) reports.push({ ...r, candidate: rule.candidate(r.position) });
      }
      for (const e of edges[k] ?? []) {
        reports.push({ ...e.first, candidate: true }, { ...e.last, candidate: true });
        collector.widen(e.extent);
      }
      reports.sort((a, b) => a.seq - b.seq);
      for (const r of reports) collector.add(r.position, r.candidate);
      for (const h of heard[k] ?? []) {
        const p = evidencePosition(h.hex, { ...h, registration: null });
        collector.addHour(h.hour, !rule.candidate(p));
      }
    }
    const evidence = new Map<string, AircraftEvidence>();
    for (const [hex, e] of input.evidence) evidence.set(hex, { ...e });
    // Addresses whose rows carried nothing: what identification may still ask of them.
    for (const hex of summary.hexes) {
      if (!evidence.has(hex) && (rule.watch.hasHex(hex) || rule.candidates.hasHex(hex))) {
        evidence.set(hex, { typeCode: null, registration: null, dbFlags: null, positions: 0 });
      }
    }
    const companions: Companions = newCompanions();
    for (const [id, flight] of input.fr24Flights) companions.fr24Flights.set(id, flight);
    if (input.fr24Flight !== null)
      companions.fr24FlightOfInput.set(job.fileIndex, input.fr24Flight);
    const coverage: SourceResult['coverage'] =
      job.coverageBoxes === null
        ? null
        : collectors.map((collector) => {
            const found = collector.withEdges();
            // The file path's fast reader counts most reports without building them: hours only.
            return summary.fast === undefined
              ? found
              : { hours: found.hours, otherTrafficHours: found.otherTrafficHours };
          });
    return {
      summary,
      positions,
      waiting,
      evidence,
      companions,
      coverage,
    };
  }
}
