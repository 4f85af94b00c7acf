import { distanceKm } from '../geo/distance.js';
import { memberOfRecord, type ReadMembers } from '../ingest/archive/members.js';
import type { Position } from '../ingest/types.js';
import { byCodeUnits } from '../text-order.js';

/** Two reports of one callsign this close in time and space are the same aircraft. */
export const JOIN_WINDOW_MS = 60_000;
export const JOIN_DISTANCE_KM = 5;
/** The index keeps one fix per callsign, aircraft and this much time: enough to match, and small. */
const INDEX_STEP_MS = 10_000;
const MINUTE_MS = 60_000;

/**
 * Which export a record came from: an input, or a member of an archive input (a zip of FR24
 * per-flight CSVs holds one flight a member). A track without an address is one export's
 * positions, and a fix lends an address only to tracks of other exports.
 */
export class RecordUnits {
  private readonly members: readonly (ReadMembers | undefined)[];

  /** `members`: each input's archive members read, by file index (undefined for a plain file). */
  constructor(members: readonly (ReadMembers | undefined)[] = []) {
    this.members = members;
  }

  /** The unit of record `line` of input `fileIndex`: the file index for a plain file. */
  of(fileIndex: number, line: number): number {
    const read = this.members[fileIndex];
    if (read === undefined || read.names.length === 0) return fileIndex;
    return fileIndex + this.members.length * (memberOfRecord(read, line) + 1);
  }

  /** The input a unit is of. */
  fileIndex(unit: number): number {
    return this.members.length === 0 ? unit : unit % this.members.length;
  }

  /** The archive member a unit is (null for a plain file). */
  member(unit: number): string | null {
    if (this.members.length === 0) return null;
    const k = Math.floor(unit / this.members.length) - 1;
    return k < 0 ? null : (this.members[this.fileIndex(unit)]?.names[k] ?? null);
  }
}

/**
 * Fixes with an address and a callsign, by callsign and minute; the join looks up fixes of inputs
 * that carry no address here. The pipeline indexes the fixes of aircraft that may be surveillance
 * aircraft (the ones it keeps), so the index stays small however large the inputs.
 */
export class CallsignIndex {
  readonly units: RecordUnits;
  /** callsign → minute → flat [unit, timeMs, lat, lon] with a parallel list of addresses. */
  private readonly byCallsign = new Map<string, Map<number, { nums: number[]; hexes: string[] }>>();
  /** callsign → hex → last step indexed, so a 1 Hz feed adds one fix per step. */
  private readonly lastStep = new Map<string, Map<string, number>>();

  constructor(units: RecordUnits = new RecordUnits()) {
    this.units = units;
  }

  add(p: Position): void {
    if (p.hex === null || p.callsign === null) return;
    const step = Math.floor(p.timeMs / INDEX_STEP_MS);
    let steps = this.lastStep.get(p.callsign);
    if (steps === undefined) this.lastStep.set(p.callsign, (steps = new Map()));
    if (steps.get(p.hex) === step) return;
    steps.set(p.hex, step);
    let minutes = this.byCallsign.get(p.callsign);
    if (minutes === undefined) this.byCallsign.set(p.callsign, (minutes = new Map()));
    const minute = Math.floor(p.timeMs / MINUTE_MS);
    let bucket = minutes.get(minute);
    if (bucket === undefined) minutes.set(minute, (bucket = { nums: [], hexes: [] }));
    bucket.nums.push(this.units.of(p.source.fileIndex, p.source.line), p.timeMs, p.lat, p.lon);
    bucket.hexes.push(p.hex);
  }

  /** Addresses of other exports' fixes with this callsign within the join window and distance. */
  matches(p: Position): Set<string> {
    const out = new Set<string>();
    if (p.callsign === null) return out;
    const unit = this.units.of(p.source.fileIndex, p.source.line);
    const minutes = this.byCallsign.get(p.callsign);
    if (minutes === undefined) return out;
    const minute = Math.floor(p.timeMs / MINUTE_MS);
    for (let m = minute - 1; m <= minute + 1; m += 1) {
      const bucket = minutes.get(m);
      if (bucket === undefined) continue;
      for (let k = 0; k < bucket.hexes.length; k += 1) {
        const hex = bucket.hexes[k] as string;
        if (out.has(hex)) continue;
        const n = bucket.nums;
        if (n[k * 4] === unit) continue;
        if (Math.abs((n[k * 4 + 1] as number) - p.timeMs) > JOIN_WINDOW_MS) continue;
        const km = distanceKm(n[k * 4 + 2] as number, n[k * 4 + 3] as number, p.lat, p.lon);
        if (km > JOIN_DISTANCE_KM) continue;
        out.add(hex);
      }
    }
    return out;
  }
}

/** The positions of one export that carry no address, and what became of them. */
export interface HexlessTrack {
  /** The export it is (RecordUnits.of): an input, or a member of an archive input. */
  readonly unit: number;
  readonly fileIndex: number;
  /** The archive member they came from (null for a plain file). */
  readonly member: string | null;
  readonly callsigns: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly positions: number;
  /** The address the track was tied to, or null when it stays unidentified. */
  readonly hex: string | null;
  /** Why: the evidence for the address, or why there is none. */
  readonly reason: string;
  /** The addresses its fixes matched, when several did (its callsign was ambiguous). */
  readonly candidates?: readonly string[];
}

/**
 * Ties the positions of inputs without an address (FlightRadar24 per-flight CSV) to an airframe:
 * a fix matches an address when another input has an indexed fix of that address with the same
 * callsign within 60 s and 5 km. A track (one input's hexless positions) takes an address when its fixes
 * match exactly one; with none, or with several, it stays unidentified and is listed, never counted.
 */
export function attributeHexless(
  positions: readonly Position[],
  index: CallsignIndex,
): { tracks: HexlessTrack[]; attributed: Position[] } {
  const units = index.units;
  const byUnit = new Map<number, Position[]>();
  for (const p of positions) {
    const unit = units.of(p.source.fileIndex, p.source.line);
    let list = byUnit.get(unit);
    if (list === undefined) byUnit.set(unit, (list = []));
    list.push(p);
  }
  const tracks: HexlessTrack[] = [];
  const attributed: Position[] = [];
  // In input order, and an archive's members in the order they were read (a unit's number grows
  // with its member's).
  const order = [...byUnit.keys()].sort((a, b) => units.fileIndex(a) - units.fileIndex(b) || a - b);
  for (const unit of order) {
    const fixes = byUnit.get(unit) as Position[];
    const fileIndex = units.fileIndex(unit);
    const votes = new Map<string, number>();
    for (const p of fixes) {
      for (const hex of index.matches(p)) votes.set(hex, (votes.get(hex) ?? 0) + 1);
    }
    const callsigns = [
      ...new Set(fixes.flatMap((p) => (p.callsign === null ? [] : [p.callsign]))),
    ].sort();
    let fromMs = Infinity;
    let toMs = -Infinity;
    for (const p of fixes) {
      fromMs = Math.min(fromMs, p.timeMs);
      toMs = Math.max(toMs, p.timeMs);
    }
    const base = {
      unit,
      fileIndex,
      member: units.member(unit),
      callsigns,
      fromMs,
      toMs,
      positions: fixes.length,
    };
    const candidates = [...votes].sort(([a, x], [b, y]) => y - x || byCodeUnits(a, b));
    const only = candidates.length === 1 ? candidates[0] : undefined;
    if (only !== undefined) {
      const [hex, count] = only;
      tracks.push({
        ...base,
        hex,
        reason: `callsign ${callsigns.join('/')}: ${count} of ${fixes.length} fixes within 60 s and 5 km of ${hex} in another input`,
      });
      for (const p of fixes) attributed.push({ ...p, hex });
      continue;
    }
    let reason: string;
    if (candidates.length > 1) {
      reason = `ambiguous: the callsign matches ${candidates.map(([h, n]) => `${h} (${n} fixes)`).join(', ')}; give --aircraft HEX`;
    } else if (callsigns.length === 0) {
      reason = 'no address and no callsign; give --aircraft HEX';
    } else {
      reason = `no address; no possible surveillance aircraft in another input had callsign ${callsigns.join('/')} within 60 s and 5 km; give --aircraft HEX`;
    }
    tracks.push({
      ...base,
      hex: null,
      reason,
      ...(candidates.length > 1 ? { candidates: candidates.map(([h]) => h) } : {}),
    });
  }
  return { tracks, attributed };
}
