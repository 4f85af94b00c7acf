import type { ReadProgress } from '../ingest/threads/worker-reader.js';

/** Redraws at most this often. */
const REDRAW_MS = 100;
/** Nothing is drawn for runs shorter than this. */
const SHOW_AFTER_MS = 1000;
const BAR_WIDTH = 24;

const mb = (bytes: number): string => (bytes / 1e6).toFixed(bytes >= 1e9 ? 0 : 1);

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '-';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The bar and percentage of a fraction done. */
function barText(fraction: number): string {
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = '#'.repeat(filled) + '-'.repeat(BAR_WIDTH - filled);
  return `sortie: [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}%  `;
}

/** Seconds left at the pace so far (NaN before anything is done). */
const etaSeconds = (fraction: number, seconds: number): number =>
  fraction > 0 && fraction < 1 ? (seconds * (1 - fraction)) / fraction : fraction >= 1 ? 0 : NaN;

/** One line of the progress bar. */
export function progressLine(p: ReadProgress, elapsedMs: number): string {
  const fraction = p.bytes > 0 ? Math.min(1, p.bytesDone / p.bytes) : 0;
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? p.rows / seconds : 0;
  return (
    barText(fraction) +
    `${p.filesDone}/${p.files} files  ${mb(p.bytesDone)}/${mb(p.bytes)} MB  ` +
    `${rate > 0 ? (rate / 1e6).toFixed(1) : '-'} M rows/s  ETA ${duration(etaSeconds(fraction, seconds))}`
  );
}

/** How far a download is: bytes count what is on disk, resumed `.part` files included. */
export interface DownloadProgress {
  readonly files: number;
  readonly filesDone: number;
  readonly bytes: number;
  readonly bytesDone: number;
  /** Bytes received in this run (the rate and time left are reckoned on these alone). */
  readonly bytesThisRun: number;
}

/** One line of a download's progress bar, in the style of the reading bar. */
export function downloadLine(p: DownloadProgress, elapsedMs: number): string {
  const fraction = p.bytes > 0 ? Math.min(1, p.bytesDone / p.bytes) : 0;
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? p.bytesThisRun / seconds : 0;
  const left = p.bytes - p.bytesDone;
  const eta = rate > 0 ? left / rate : left === 0 ? 0 : NaN;
  return (
    barText(fraction) +
    `${p.filesDone}/${p.files} files  ${mb(p.bytesDone)}/${mb(p.bytes)} MB  ` +
    `${rate > 0 ? (rate / 1e6).toFixed(1) : '-'} MB/s  ETA ${duration(eta)}`
  );
}

/**
 * A progress bar on a terminal's standard error: redrawn in place, throttled, shown only for runs
 * longer than a second, and wiped when reading is done.
 */
export class ProgressBar<P = ReadProgress> {
  private readonly write: (text: string) => void;
  private readonly line: (p: P, elapsedMs: number) => string;
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;
  private latest: P | null = null;

  /** `line` draws one state (the reading bar's when not given). */
  constructor(write: (text: string) => void, line?: (p: P, elapsedMs: number) => string) {
    this.write = write;
    this.line = line ?? (progressLine as unknown as (p: P, elapsedMs: number) => string);
  }

  update(p: P): void {
    this.latest = p;
    const now = Date.now();
    if (now - this.started < SHOW_AFTER_MS || now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.drawn = true;
    this.write(`\r${this.line(p, now - this.started)}\x1b[K`);
  }

  /** Clears the line (the results follow on standard output); a later update draws it again. */
  done(): void {
    if (this.drawn) this.write('\r\x1b[K');
    this.drawn = false;
  }

  get last(): P | null {
    return this.latest;
  }
}
