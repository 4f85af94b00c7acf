/**
 * Files that sit beside flight data and are known from their name alone never to be flight data:
 * documentation, images, a shapefile's small sidecars, and what readsb and tar1090 write next to
 * aircraft.json and into globe_history. A directory walk leaves them out, saying why.
 */

const DOCUMENT_NAME =
  /^(readme|licen[cs]es?|copying|notice|sources|authors|changelog|contributing|citation)([-_. ].*)?$/i;
/** Notes, by their whole name only: `notes_rc135.csv` may well be data. */
const NOTES_NAME = /^notes?(\.(txt|md|rst))?$/i;

interface NameRule {
  readonly test: (name: string) => boolean;
  readonly reason: string;
}

const ending =
  (...suffixes: string[]) =>
  (name: string): boolean => {
    const lower = name.toLowerCase();
    return suffixes.some((s) => lower.endsWith(s));
  };

const RULES: readonly NameRule[] = [
  {
    test: (n) => DOCUMENT_NAME.test(n) || NOTES_NAME.test(n),
    reason: 'documentation (README, licence, notes)',
  },
  {
    test: ending('.md', '.markdown', '.rst', '.pdf', '.html', '.htm'),
    reason: 'documentation (README, licence, notes)',
  },
  { test: ending('.png', '.jpg', '.jpeg', '.gif', '.svg', '.webp'), reason: 'an image' },
  {
    test: ending('.cpg', '.prj'),
    reason: "a shapefile's encoding or projection (.cpg, .prj): the points are read from its .dbf",
  },
  {
    test: ending('.bin.ttf'),
    reason: 'a readsb heatmap (.bin.ttf): binary, not read; the same flights are in the traces',
  },
  {
    test: ending('.bincraft', '.bincraft.zst'),
    reason:
      'readsb binCraft (binary aircraft state for tar1090): the same aircraft are in aircraft.json',
  },
  { test: ending('.prom'), reason: 'Prometheus metrics (readsb statistics)' },
  {
    test: (n) => /^acas\.(csv|json)(\.gz)?$/i.test(n),
    reason: 'readsb ACAS/TCAS resolution advisories: alerts, not tracks',
  },
];

/** Why a file of this name (the last part of its path) is not flight data, or null. */
export function notFlightDataByName(name: string): string | null {
  for (const rule of RULES) if (rule.test(name)) return rule.reason;
  return null;
}
