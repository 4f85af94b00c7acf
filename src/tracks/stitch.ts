import { distanceKm, impliedSpeedKt } from '../geo/distance.js';
import type { Position } from '../ingest/types.js';
import { compareFixes, foldDuplicates } from './clean.js';
import type { HexChange, Sortie } from './types.js';
import { byCodeUnits } from '../text-order.js';

const KM_PER_NM = 1.852;

/**
 * Continuity between the last fix under one address and the first under another: the distance must
 * fit the aircraft's speed (its reported ground speed, at least `minSpeedKt`, or `defaultSpeedKt`
 * when none is reported) with `speedMargin`, plus `slackKm` for position noise; the altitude
 * change must fit `maxClimbFtPerMin`, plus `slackFt`.
 */
export const STITCH = {
  defaultSpeedKt: 500,
  minSpeedKt: 250,
  speedMargin: 1.25,
  slackKm: 1,
  maxClimbFtPerMin: 6000,
  slackFt: 1500,
} as const;

/** What stitching needs to know of a sortie before looking at its fixes. */
export interface SortieOutline {
  readonly hex: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Every callsign the sortie carried, normalised (trimmed, upper case). */
  readonly callsigns: ReadonlySet<string>;
}

interface Piece {
  /** The sortie's fixes, made when a check needs them (sorties of a year are not all held). */
  readonly load: () => Sortie;
  readonly hex: string;
  readonly index: number;
  readonly type: string | null;
  readonly startMs: number;
  readonly endMs: number;
  /** Every callsign the piece carried, normalised. */
  readonly callsigns: ReadonlySet<string>;
}

interface Owned {
  readonly p: Position;
  readonly piece: Piece;
}

/** The callsign the sortie carried nearest to fix `at` (the last one at or before it, else the next). */
function callsignNear(sortie: Sortie, atMs: number): string | null {
  let before: string | null = null;
  let after: string | null = null;
  for (const p of sortie.fixes) {
    if (p.callsign === null) continue;
    if (p.timeMs <= atMs) before = p.callsign;
    else if (after === null) after = p.callsign;
  }
  const c = before ?? after;
  return c === null ? null : c.trim().toUpperCase();
}

/** Could the aircraft have flown from p to q? Distance against speed, altitude against climb rate. */
function isContinuous(p: Position, q: Position): boolean {
  const dtH = (q.timeMs - p.timeMs) / 3_600_000;
  const speeds = [p.groundSpeedKt, q.groundSpeedKt].filter((s): s is number => s !== null);
  const speedKt =
    speeds.length === 0 ? STITCH.defaultSpeedKt : Math.max(STITCH.minSpeedKt, ...speeds);
  const reachKm = speedKt * STITCH.speedMargin * dtH * KM_PER_NM + STITCH.slackKm;
  if (distanceKm(p.lat, p.lon, q.lat, q.lon) > reachKm) return false;
  if (p.altitudeFt !== null && q.altitudeFt !== null) {
    const climbFt = STITCH.maxClimbFtPerMin * dtH * 60 + STITCH.slackFt;
    if (Math.abs(q.altitudeFt - p.altitudeFt) > climbFt) return false;
  }
  return true;
}

const ENDS_ON_GROUND = new Set(['landing', 'inferred-landing']);
const STARTS_ON_GROUND = new Set(['take-off', 'inferred-take-off']);

interface Transition {
  readonly from: Owned;
  readonly to: Owned;
}

/**
 * Checks a set of pieces as one aircraft: merged in time order, every step from one piece to
 * another must be short (at most `gapMs`), physically possible, airborne on both sides (no landing
 * or take-off at the joint), between pieces of different addresses, of the same ICAO type, under
 * the same callsign. Returns the transitions, or null when any step fails: two aircraft airborne at
 * the same time in different places always fail here.
 */
function checkMerge(
  pieces: readonly Piece[],
  loaded: ReadonlyMap<Piece, Sortie>,
  gapMs: number,
): Transition[] | null {
  const sortieOf = (piece: Piece): Sortie => loaded.get(piece) as Sortie;
  const merged: Owned[] = pieces
    .flatMap((piece) => sortieOf(piece).fixes.map((p) => ({ p, piece })))
    .sort((a, b) => compareFixes(a.p, b.p));
  const transitions: Transition[] = [];
  for (let k = 1; k < merged.length; k += 1) {
    const from = merged[k - 1] as Owned;
    const to = merged[k] as Owned;
    if (from.piece === to.piece) continue;
    const a = sortieOf(from.piece);
    const b = sortieOf(to.piece);
    if (a.hex === b.hex) return null;
    if (from.piece.type === null || from.piece.type !== to.piece.type) return null;
    if (to.p.timeMs - from.p.timeMs > gapMs) return null;
    if (from.p === a.fixes[a.fixes.length - 1] && ENDS_ON_GROUND.has(a.endedBy)) return null;
    if (to.p === b.fixes[0] && STARTS_ON_GROUND.has(b.startedBy)) return null;
    if (!isContinuous(from.p, to.p)) return null;
    const callsign = callsignNear(a, from.p.timeMs);
    if (callsign === null || callsign !== callsignNear(b, to.p.timeMs)) return null;
    transitions.push({ from, to });
  }
  return transitions;
}

/** Union-find over piece indexes. */
function makeSets(n: number) {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    parent[i] = r;
    return r;
  };
  return {
    find,
    union: (a: number, b: number) => {
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    },
  };
}

function hexChangesOf(
  transitions: readonly Transition[],
  loaded: ReadonlyMap<Piece, Sortie>,
): HexChange[] {
  const byPair = new Map<string, { first: Transition; count: number }>();
  for (const t of transitions) {
    const key = [t.from.piece.hex, t.to.piece.hex].sort().join('/');
    const seen = byPair.get(key);
    if (seen === undefined) byPair.set(key, { first: t, count: 1 });
    else seen.count += 1;
  }
  return [...byPair.values()].map(({ first: t, count }) => ({
    fromHex: t.from.piece.hex,
    toHex: t.to.piece.hex,
    before: t.from.p,
    after: t.to.p,
    gapMs: t.to.p.timeMs - t.from.p.timeMs,
    distanceKm: distanceKm(t.from.p.lat, t.from.p.lon, t.to.p.lat, t.to.p.lon),
    impliedSpeedKt: impliedSpeedKt(t.from.p, t.to.p),
    callsign: callsignNear(loaded.get(t.from.piece) as Sortie, t.from.p.timeMs) ?? '',
    type: t.from.piece.type ?? '',
    transitions: count,
  }));
}

function mergePieces(
  pieces: readonly Piece[],
  loaded: ReadonlyMap<Piece, Sortie>,
  transitions: readonly Transition[],
  dedupe: { dedupeMs: number; dedupeKm: number },
): Sortie {
  const sortieOf = (piece: Piece): Sortie => loaded.get(piece) as Sortie;
  const byStart = [...pieces].sort((a, b) => a.startMs - b.startMs || a.index - b.index);
  const byEnd = [...pieces].sort((a, b) => b.endMs - a.endMs || a.index - b.index);
  const first = sortieOf(byStart[0] as Piece);
  const last = sortieOf(byEnd[0] as Piece);
  // The same fix reported under both addresses at once is one fix.
  const { unique, duplicates } = foldDuplicates(
    pieces.flatMap((p) => sortieOf(p).fixes).sort(compareFixes),
    dedupe,
  );
  return {
    hex: first.hex,
    fixes: unique,
    startedBy: first.startedBy,
    endedBy: last.endedBy,
    duplicates: [...pieces.flatMap((p) => sortieOf(p).duplicates), ...duplicates].sort(
      compareFixes,
    ),
    hexChanges: hexChangesOf(transitions, loaded).sort((a, b) => a.after.timeMs - b.after.timeMs),
  };
}

/** Each piece's sortie, made once for one check or merge. */
const loadAll = (pieces: readonly Piece[]): Map<Piece, Sortie> =>
  new Map(pieces.map((p) => [p, p.load()]));

/** What stitching needs of a sortie held as objects. */
export function outlineOf(sortie: Sortie): SortieOutline {
  return {
    hex: sortie.hex,
    startMs: (sortie.fixes[0] as Position).timeMs,
    endMs: (sortie.fixes[sortie.fixes.length - 1] as Position).timeMs,
    callsigns: new Set(
      sortie.fixes.flatMap((p) => (p.callsign === null ? [] : [p.callsign.trim().toUpperCase()])),
    ),
  };
}

/**
 * Joins sorties flown under different ICAO addresses by one aircraft (US Navy tactical codes, an
 * address changed in flight). Two sorties are joined only when type, callsign and space-time
 * continuity all agree (see `checkMerge`); a group of joinable sorties is merged only when the
 * whole group passes the same check, so an ambiguous candidate (two aircraft that could each be
 * the continuation) leaves every sortie as it was. `typeOf` gives the identified ICAO type of an
 * address. The output is sorted by address, then start.
 */
export function stitchSorties(
  sorties: readonly Sortie[],
  typeOf: (hex: string) => string | null,
  params: { gapMs: number; dedupeMs: number; dedupeKm: number },
): Sortie[] {
  return stitchOutlined(sorties, outlineOf, (s) => s, typeOf, params).map((x) =>
    'joined' in x ? x.joined : x.item,
  );
}

/**
 * `stitchSorties` over sorties of any form: `outline` tells what the candidates are decided from,
 * `load` makes a sortie's fixes when a check needs them. Sorties left as they were come back as
 * `item`, merged ones as `joined`; sorted by address, then start.
 */
export function stitchOutlined<T>(
  items: readonly T[],
  outline: (item: T) => SortieOutline,
  load: (item: T) => Sortie,
  typeOf: (hex: string) => string | null,
  params: { gapMs: number; dedupeMs: number; dedupeKm: number },
): ({ readonly item: T; readonly outline: SortieOutline } | { readonly joined: Sortie })[] {
  const pieces: (Piece & { readonly item: T; readonly outline: SortieOutline })[] = items.map(
    (item, index) => {
      const o = outline(item);
      return {
        item,
        outline: o,
        load: () => load(item),
        hex: o.hex,
        index,
        type: typeOf(o.hex),
        startMs: o.startMs,
        endMs: o.endMs,
        callsigns: o.callsigns,
      };
    },
  );
  const sets = makeSets(pieces.length);
  const byStart = pieces.filter((p) => p.type !== null).sort((a, b) => a.startMs - b.startMs);
  for (let i = 0; i < byStart.length; i += 1) {
    const a = byStart[i] as Piece;
    for (let j = i + 1; j < byStart.length; j += 1) {
      const b = byStart[j] as Piece;
      if (b.startMs - a.endMs > params.gapMs) break;
      if (a.type !== b.type || a.hex === b.hex) continue;
      // Pieces that never shared a callsign cannot agree on one at a joint.
      if (![...a.callsigns].some((c) => b.callsigns.has(c))) continue;
      if (checkMerge([a, b], loadAll([a, b]), params.gapMs) !== null) sets.union(a.index, b.index);
    }
  }
  const groups = new Map<number, (typeof pieces)[number][]>();
  for (const p of pieces) {
    const root = sets.find(p.index);
    let g = groups.get(root);
    if (g === undefined) groups.set(root, (g = []));
    g.push(p);
  }
  const out: ({ item: T; outline: SortieOutline } | { joined: Sortie })[] = [];
  for (const group of groups.values()) {
    const loaded = group.length > 1 ? loadAll(group) : null;
    const transitions = loaded === null ? null : checkMerge(group, loaded, params.gapMs);
    if (loaded === null || transitions === null || transitions.length === 0) {
      out.push(...group.map((p) => ({ item: p.item, outline: p.outline })));
    } else {
      out.push({ joined: mergePieces(group, loaded, transitions, params) });
    }
  }
  const hexOf = (x: (typeof out)[number]): string => ('joined' in x ? x.joined.hex : x.outline.hex);
  const startOf = (x: (typeof out)[number]): number =>
    'joined' in x ? (x.joined.fixes[0] as Position).timeMs : x.outline.startMs;
  return out.sort((a, b) => byCodeUnits(hexOf(a), hexOf(b)) || startOf(a) - startOf(b));
}
