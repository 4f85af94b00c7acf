import type { TrackPoint } from './territorial.js';

const KM_PER_DEG = (6371.0088 * Math.PI) / 180;
const RAD = Math.PI / 180;

/** The shape of a flight path, never its purpose. */
export type FlightPattern = 'orbit' | 'racetrack' | 'patrol' | 'transit';

/** The measurements the pattern is decided from, so a reader can check the call. */
export interface PatternMetrics {
  /** Net signed turning in revolutions (positive clockwise, seen from above). */
  readonly turns: number;
  /** Share of all turning that goes the net way: 1 = always the same way, 0 = as much each way. */
  readonly turnConsistency: number;
  /** Extent along the main axis and across it, km (of the repeated part for orbits and racetracks). */
  readonly lengthKm: number;
  readonly widthKm: number;
  /** Distance flown, km, and straight-line distance from first to last fix over it. */
  readonly pathKm: number;
  readonly straightness: number;
  /** Share of the path that passes within `revisitKm` of where it was 10 or more minutes before. */
  readonly revisits: number;
  /** Distance flown over the length of the main axis: about 1 for a transit, 2 for an out-and-back. */
  readonly passes: number;
}

export interface PatternResult {
  readonly pattern: FlightPattern;
  readonly metrics: PatternMetrics;
}

/**
 * Thresholds, chosen to fit both large ISR patterns (racetracks with 20–150 km legs flown at
 * 300–450 kt, whose turns alone are 15–25 km across) and small orbits (an MQ-9 at 170 kt circles in
 * about 5 km):
 * - the path is thinned to one point per `stepKm`, well above the noise of merged sources, well
 *   below the circumference of the smallest orbit (about 15 km);
 * - repeated pattern: at least `minTurns` net revolutions, turning the same way at least
 *   `minConsistency` of the time;
 * - its repeated part (the middle 80% of the net turning) is a racetrack when at least
 *   `racetrackElongation` times as long as wide (a circle is 1, a 20 km-leg racetrack at 450 kt
 *   about 2), else an orbit;
 * - a line flown back and forth with alternating turns (no net turning) is a racetrack too, when it
 *   revisits at least `lineRevisits` of its path, is `lineElongation` times as long as wide and is
 *   flown at least `linePasses` times (a single out-and-back is 2);
 * - transit: straightness of at least `transitStraightness` and few revisits;
 * - anything else is a patrol (area search, a single loop, an out-and-back).
 */
export const PATTERN = {
  stepKm: 1.5,
  revisitKm: 5,
  revisitAfterMs: 10 * 60_000,
  minTurns: 2,
  minConsistency: 0.5,
  racetrackElongation: 1.6,
  lineRevisits: 0.5,
  lineElongation: 2.5,
  linePasses: 3,
  transitStraightness: 0.6,
  transitMaxRevisits: 0.2,
} as const;

interface Pt {
  readonly x: number;
  readonly y: number;
  readonly t: number;
}

/**
 * Math.hypot(dx, dy) against `km`: negative, zero or positive (NaN when hypot is NaN), as
 * comparing Math.hypot would say, which is slow in V8: the sum of squares decides unless it lies
 * within a relative 1e-9 of km² (its rounding error is some 1e-16), and then Math.hypot does.
 */
export function compareHypot(dx: number, dy: number, km: number): number {
  const squares = dx * dx + dy * dy;
  const limit = km * km;
  if (squares < limit * (1 - 1e-9)) return -1;
  if (squares > limit * (1 + 1e-9)) return 1;
  const h = Math.hypot(dx, dy);
  return h < km ? -1 : h > km ? 1 : h === km ? 0 : Number.NaN;
}

/**
 * The fixes on a local plane in km around their mean position (fine for the few hundred km a
 * mission spans), thinned to one point per `stepKm` and ending on the last fix: a point is made
 * only for a fix kept (a mission has thousands of fixes, its thinned path a few hundred points).
 */
function projectThinned(fixes: readonly TrackPoint[], stepKm: number): Pt[] {
  const n = fixes.length;
  let latSum = 0;
  let lonSum = 0;
  for (let i = 0; i < n; i += 1) latSum += (fixes[i] as TrackPoint).lat;
  for (let i = 0; i < n; i += 1) lonSum += (fixes[i] as TrackPoint).lon;
  const lat0 = latSum / n;
  const lon0 = lonSum / n;
  const k = Math.cos(lat0 * RAD) * KM_PER_DEG;
  const out: Pt[] = [];
  let lastX = 0;
  let lastY = 0;
  let lastKept = -1;
  for (let i = 0; i < n; i += 1) {
    const f = fixes[i] as TrackPoint;
    const x = (f.lon - lon0) * k;
    const y = (f.lat - lat0) * KM_PER_DEG;
    if (lastKept < 0 || compareHypot(x - lastX, y - lastY, stepKm) >= 0) {
      out.push({ x, y, t: f.timeMs });
      lastX = x;
      lastY = y;
      lastKept = i;
    }
  }
  // End on the true last fix, so straightness is measured to where the aircraft ended up.
  if (lastKept < 0 || lastKept === n - 1) return out;
  const f = fixes[n - 1] as TrackPoint;
  const end: Pt = { x: (f.lon - lon0) * k, y: (f.lat - lat0) * KM_PER_DEG, t: f.timeMs };
  if (out.length > 1 && Math.hypot(end.x - lastX, end.y - lastY) < stepKm / 2) {
    out[out.length - 1] = end;
  } else out.push(end);
  return out;
}

/** Signed heading change at each interior point, degrees, clockwise positive, in (-180, 180]. */
function headingChanges(pts: readonly Pt[]): number[] {
  const headings: number[] = [];
  for (let i = 1; i < pts.length; i += 1) {
    const a = pts[i - 1] as Pt;
    const b = pts[i] as Pt;
    headings.push(Math.atan2(b.x - a.x, b.y - a.y) / RAD);
  }
  const changes: number[] = [];
  for (let i = 1; i < headings.length; i += 1) {
    let d = (headings[i] as number) - (headings[i - 1] as number);
    while (d > 180) d -= 360;
    while (d <= -180) d += 360;
    changes.push(d);
  }
  return changes;
}

/** Extent along the principal axis of the points and across it. */
function extent(pts: readonly Pt[]): { lengthKm: number; widthKm: number } {
  if (pts.length === 0) return { lengthKm: 0, widthKm: 0 };
  const mx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
  const my = pts.reduce((s, p) => s + p.y, 0) / pts.length;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const p of pts) {
    sxx += (p.x - mx) ** 2;
    syy += (p.y - my) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const ux = Math.cos(angle);
  const uy = Math.sin(angle);
  let minU = Infinity;
  let maxU = -Infinity;
  let minV = Infinity;
  let maxV = -Infinity;
  for (const p of pts) {
    const u = (p.x - mx) * ux + (p.y - my) * uy;
    const v = -(p.x - mx) * uy + (p.y - my) * ux;
    minU = Math.min(minU, u);
    maxU = Math.max(maxU, u);
    minV = Math.min(minV, v);
    maxV = Math.max(maxV, v);
  }
  const a = maxU - minU;
  const b = maxV - minV;
  return { lengthKm: Math.max(a, b), widthKm: Math.min(a, b) };
}

const CELL_KEY_SPAN = 2 ** 22;
/** The cell offsets (dx, dy) a revisit is looked for in: the point's own cell, then the 8 around. */
const NEIGHBOUR_CELLS = [0, 0, -1, -1, -1, 0, -1, 1, 0, -1, 0, 1, 1, -1, 1, 0, 1, 1] as const;

/** Share of points with an earlier point within `revisitKm` at least `revisitAfterMs` before. */
function revisitShare(pts: readonly Pt[]): number {
  if (pts.length === 0) return 0;
  const cell = PATTERN.revisitKm;
  const grid = new Map<number, Pt[]>();
  let revisited = 0;
  let waiting = 0;
  // One number per cell, not a string made per point: cells are 5 km over a track's local plane
  // (thousands of km at most), so |cy| stays far below 2^21 and the key is one-to-one.
  const key = (cx: number, cy: number): number => cx * CELL_KEY_SPAN + cy;
  for (let i = 0; i < pts.length; i += 1) {
    const p = pts[i] as Pt;
    // Points become searchable once they are old enough to count as a revisit.
    while (waiting < i && p.t - (pts[waiting] as Pt).t >= PATTERN.revisitAfterMs) {
      const q = pts[waiting] as Pt;
      const k = key(Math.floor(q.x / cell), Math.floor(q.y / cell));
      let list = grid.get(k);
      if (list === undefined) grid.set(k, (list = []));
      list.push(q);
      waiting += 1;
    }
    const cx = Math.floor(p.x / cell);
    const cy = Math.floor(p.y / cell);
    let found = false;
    // The point's own cell first: on a pattern flown again a point there is the likeliest to lie
    // within reach, and a long list in a corner cell need not be read to its end.
    for (let c = 0; c < NEIGHBOUR_CELLS.length && !found; c += 2) {
      const list = grid.get(
        key(cx + (NEIGHBOUR_CELLS[c] as number), cy + (NEIGHBOUR_CELLS[c + 1] as number)),
      );
      if (list === undefined) continue;
      for (const q of list) {
        if (compareHypot(p.x - q.x, p.y - q.y, PATTERN.revisitKm) <= 0) {
          found = true;
          break;
        }
      }
    }
    if (found) revisited += 1;
  }
  return revisited / pts.length;
}

/** The points between 10% and 90% of the cumulative net turning: the repeated part, without the way in and out. */
function repeatedPart(pts: readonly Pt[], changes: readonly number[], net: number): Pt[] {
  const sign = Math.sign(net);
  let cumulative = 0;
  let from = 0;
  let to = pts.length - 1;
  let fromSet = false;
  for (let i = 0; i < changes.length; i += 1) {
    cumulative += (changes[i] as number) * sign;
    // changes[i] is the turn at point i + 1.
    if (!fromSet && cumulative >= 0.1 * Math.abs(net)) {
      from = i + 1;
      fromSet = true;
    }
    if (cumulative >= 0.9 * Math.abs(net)) {
      to = i + 1;
      break;
    }
  }
  return pts.slice(from, to + 1);
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/**
 * Classifies a time-ordered track as `orbit`, `racetrack`, `patrol` or `transit` from signed turn
 * accumulation, the track's extent along and across its main axis, and how much of it revisits
 * earlier parts (see PATTERN for the thresholds and why). Turns hidden in a coverage hole are not
 * seen (the heading change across a hole is taken as the smallest one), so hole-ridden orbits are
 * under-called, never invented.
 */
export function classifyPattern(fixes: readonly TrackPoint[]): PatternResult {
  const pts = fixes.length === 0 ? [] : projectThinned(fixes, PATTERN.stepKm);
  const changes = headingChanges(pts);
  const net = changes.reduce((s, d) => s + d, 0);
  const total = changes.reduce((s, d) => s + Math.abs(d), 0);
  let pathKm = 0;
  for (let i = 1; i < pts.length; i += 1) {
    const a = pts[i - 1] as Pt;
    const b = pts[i] as Pt;
    pathKm += Math.hypot(b.x - a.x, b.y - a.y);
  }
  const first = pts[0];
  const last = pts[pts.length - 1];
  const displacement =
    first === undefined || last === undefined ? 0 : Math.hypot(last.x - first.x, last.y - first.y);
  const straightness = pathKm === 0 ? 1 : displacement / pathKm;
  const revisits = revisitShare(pts);
  const consistency = total === 0 ? 0 : Math.abs(net) / total;
  const turns = net / 360;
  const whole = extent(pts);
  const passes = whole.lengthKm === 0 ? 0 : pathKm / whole.lengthKm;
  let pattern: FlightPattern;
  let shape = whole;
  if (Math.abs(turns) >= PATTERN.minTurns && consistency >= PATTERN.minConsistency) {
    shape = extent(repeatedPart(pts, changes, net));
    pattern = shape.lengthKm >= PATTERN.racetrackElongation * shape.widthKm ? 'racetrack' : 'orbit';
  } else if (
    revisits >= PATTERN.lineRevisits &&
    whole.lengthKm >= PATTERN.lineElongation * whole.widthKm &&
    passes >= PATTERN.linePasses
  ) {
    pattern = 'racetrack';
  } else if (
    straightness >= PATTERN.transitStraightness &&
    revisits <= PATTERN.transitMaxRevisits
  ) {
    pattern = 'transit';
  } else {
    pattern = 'patrol';
  }
  return {
    pattern,
    metrics: {
      turns: round(turns, 2),
      turnConsistency: round(consistency, 2),
      lengthKm: round(shape.lengthKm, 1),
      widthKm: round(shape.widthKm, 1),
      pathKm: round(pathKm, 1),
      straightness: round(straightness, 2),
      revisits: round(revisits, 2),
      passes: round(passes, 1),
    },
  };
}
