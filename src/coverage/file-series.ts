/**
 * Inputs that come as a series of files stamped with their hour, day or month (OpenSky's hourly
 * state-vector files, readsb's globe_history/YYYY/MM/DD folders, adsb.lol's daily releases): a
 * stamp missing between the first and the last of a series is time the inputs do not hold.
 */

export type StampUnit = 'hour' | 'day' | 'month';

export interface FileStamp {
  /** The path with every date stamp replaced by `*`: files of one series share it. */
  readonly template: string;
  readonly unit: StampUnit;
  /** Start of the stamped hour, day or month (UTC). */
  readonly startMs: number;
}

const DATE_LIKE = /\d{4}([-./_])\d{2}(\1\d{2}([-T_ ]\d{2}(?!\d))?)?(?![\d])/g;

const STAMPS: ReadonlyArray<{ unit: StampUnit; re: RegExp }> = [
  { unit: 'hour', re: /(?<!\d)(\d{4})-(\d{2})-(\d{2})[-T_ ](\d{2})(?!\d)/ },
  { unit: 'day', re: /(?<!\d)(\d{4})\/(\d{2})\/(\d{2})\// },
  { unit: 'day', re: /(?<!\d)(\d{4})([-._])(\d{2})\2(\d{2})(?!\d)/ },
  { unit: 'month', re: /(?<!\d)(\d{4})[-_](\d{2})(?![-\d])/ },
];

function valid(y: number, m: number, d = 1, h = 0): boolean {
  return y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 23;
}

/** The finest date stamp in a file's path, or null when it carries none. */
export function fileStamp(file: string): FileStamp | null {
  const path = file.replaceAll('\\', '/');
  for (const { unit, re } of STAMPS) {
    const m = re.exec(path);
    if (m === null) continue;
    const nums = m
      .slice(1)
      .filter((g) => /^\d+$/.test(g))
      .map(Number);
    const [y = 0, mo = 0, d = 1, h = 0] = nums;
    if (!valid(y, mo, d, h)) continue;
    const template = path.replace(/(?<!\d)\d{4}\/\d{2}\/\d{2}(?=\/)/g, '*').replace(DATE_LIKE, '*');
    return { template, unit, startMs: Date.UTC(y, mo - 1, unit === 'month' ? 1 : d, h) };
  }
  return null;
}

/** The start of the next stamped interval. */
export function nextStamp(startMs: number, unit: StampUnit): number {
  if (unit === 'hour') return startMs + 3_600_000;
  if (unit === 'day') return startMs + 86_400_000;
  const d = new Date(startMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

export interface SeriesGap {
  readonly startMs: number;
  readonly endMs: number;
  /** Stamps present in the series, and how many it would have from first to last. */
  readonly present: number;
  readonly expected: number;
}

/**
 * The runs of stamps missing between the first and last of one series (stamps of one unit); a
 * series of one file has none. Stamps repeated (a file and its .gz) count once.
 */
export function seriesGaps(startsMs: readonly number[], unit: StampUnit): SeriesGap[] {
  const present = [...new Set(startsMs)].sort((a, b) => a - b);
  if (present.length < 2) return [];
  let expected = 0;
  for (let t = present[0] as number; t <= (present.at(-1) as number); t = nextStamp(t, unit)) {
    expected += 1;
  }
  const gaps: SeriesGap[] = [];
  for (let i = 1; i < present.length; i += 1) {
    const after = nextStamp(present[i - 1] as number, unit);
    const next = present[i] as number;
    if (after < next) {
      gaps.push({ startMs: after, endMs: next, present: present.length, expected });
    }
  }
  return gaps;
}
