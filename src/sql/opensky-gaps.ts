/**
 * Spans in which OpenSky's Trino history holds no state vectors (UTC, end exclusive), as its
 * Trino documentation lists them (opensky-api, docs/free/trino.rst). A query over one of them
 * returns nothing for it: fewer positions, and a silence that is OpenSky's, not the receivers'.
 */
const GAPS: ReadonlyArray<readonly [string, string]> = [
  ['2023-01-02T23:00Z', '2023-01-03T10:00Z'],
  ['2023-01-18T11:00Z', '2023-01-23T07:00Z'],
  ['2023-06-21T13:00Z', '2023-06-21T22:00Z'],
  ['2023-11-15T06:00Z', '2023-11-16T08:00Z'],
  ['2023-11-20T01:00Z', '2023-11-20T03:00Z'],
  ['2023-12-02T08:00Z', '2023-12-05T03:00Z'],
  ['2024-05-20T10:00Z', '2024-05-21T05:00Z'],
  ['2026-01-02T19:00Z', '2026-01-03T18:00Z'],
  ['2026-01-24T08:00Z', '2026-01-24T17:00Z'],
];

export interface DataGap {
  readonly fromMs: number;
  readonly toMs: number;
}

export const OPENSKY_DATA_GAPS: readonly DataGap[] = GAPS.map(([from, to]) => ({
  fromMs: Date.parse(from),
  toMs: Date.parse(to),
}));

/** The known gaps that overlap [fromMs, toMs). */
export function gapsWithin(fromMs: number, toMs: number): DataGap[] {
  return OPENSKY_DATA_GAPS.filter((g) => g.fromMs < toMs && g.toMs > fromMs);
}
