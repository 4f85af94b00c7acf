/**
 * What a fetch found and did, per day (adsb.lol) or hour (OpenSky) and per file, as a table or
 * JSON; the same warnings go to both and to standard error.
 */
export { formatBytes } from './bytes-text.js';
import { plural } from '../report/render/numbers.js';
import { textTable } from '../report/render/text-table.js';
import { PLAIN, type Style } from '../report/render/style.js';
import { formatBytes } from './bytes-text.js';
import type { LocalState } from './local-state.js';
import type { RemoteFile } from './remote-file.js';

export const FETCH_SOURCES = ['adsblol', 'opensky-dataset'] as const;
export type FetchSource = (typeof FETCH_SOURCES)[number];

/** The terms each source's data comes under, said wherever the files are listed. */
export const SOURCE_TERMS: Readonly<Record<FetchSource, string>> = {
  adsblol:
    'adsb.lol globe_history data is under the Open Database License (ODbL 1.0, https://opendatacommons.org/licenses/odbl/1-0/): credit adsb.lol when you publish results, and share a database made from it under the ODbL.',
  'opensky-dataset':
    "The OpenSky Network's terms apply (LICENSE.txt in each tar, and https://opensky-network.org/about/terms-of-use): research and non-commercial use; cite the OpenSky Network when you publish.",
};

export type FileStatus = LocalState | 'fetched' | 'not found' | 'failed';

export interface FileEntry {
  readonly file: RemoteFile;
  readonly status: FileStatus;
  /** Bytes on disk before this run (final or `.part` file). */
  readonly haveBytes: number;
  /** Bytes left to download before this run. */
  readonly needBytes: number;
  /** What went wrong, for `not found`, `failed` and `in the way`. */
  readonly message: string | null;
}

export interface ItemEntry {
  /** The day `YYYY-MM-DD` or the hour `YYYY-MM-DD HH:00` (UTC). */
  readonly when: string;
  /** The release tag (adsb.lol); null otherwise or when there is none. */
  readonly release: string | null;
  readonly pod: string | null;
  /** Why the source has nothing for it; null when it has files. */
  readonly missing: string | null;
  readonly notes: readonly string[];
  readonly files: readonly FileEntry[];
}

export interface FetchReport {
  readonly source: FetchSource;
  readonly dir: string;
  readonly dryRun: boolean;
  /** `day` for adsb.lol, `hour` for OpenSky. */
  readonly unit: 'day' | 'hour';
  readonly items: readonly ItemEntry[];
  /** Free bytes where the files go (null when it could not be told). */
  readonly freeBytes: number | null;
}

export interface FetchTotals {
  readonly items: number;
  readonly itemsMissing: number;
  readonly files: number;
  readonly bytes: number;
  readonly haveBytes: number;
  readonly needBytes: number;
  readonly fetched: number;
  readonly fetchedBytes: number;
  readonly alreadyHere: number;
  readonly notFound: number;
  readonly failed: number;
  readonly inTheWay: number;
}

export function fetchTotals(report: FetchReport): FetchTotals {
  const files = report.items.flatMap((i) => i.files);
  const count = (s: FileStatus): number => files.filter((f) => f.status === s).length;
  const bytesOf = (fs: readonly FileEntry[], pick: (f: FileEntry) => number): number =>
    fs.reduce((s, f) => s + pick(f), 0);
  return {
    items: report.items.length,
    itemsMissing: report.items.filter((i) => i.missing !== null).length,
    files: files.length,
    bytes: bytesOf(files, (f) => f.file.bytes),
    haveBytes: bytesOf(files, (f) => f.haveBytes),
    needBytes: bytesOf(files, (f) => f.needBytes),
    fetched: count('fetched'),
    fetchedBytes: bytesOf(
      files.filter((f) => f.status === 'fetched'),
      (f) => f.needBytes,
    ),
    alreadyHere: count('complete'),
    notFound: count('not found'),
    failed: count('failed'),
    inTheWay: count('in the way'),
  };
}

/** Everything a reader must know, one line each: missing days, failures, notes on the choice. */
export function fetchWarnings(report: FetchReport): string[] {
  const out: string[] = [];
  for (const item of report.items) {
    if (item.missing !== null) out.push(`${item.when}: ${item.missing}`);
    for (const note of item.notes) out.push(`${item.when}: ${note}`);
    for (const f of item.files) {
      if (f.message !== null) out.push(`${item.when}: ${f.message}`);
    }
  }
  return out;
}

/**
 * `ok`: every day or hour is whole on disk (or, for a dry run, offered by the source);
 * `incomplete`: the source lacks some; `failed`: a download failed or a file is in the way.
 */
export function fetchOutcome(report: FetchReport): 'ok' | 'incomplete' | 'failed' {
  const t = fetchTotals(report);
  if (t.failed > 0 || t.inTheWay > 0) return 'failed';
  if (t.itemsMissing > 0 || t.notFound > 0) return 'incomplete';
  return 'ok';
}

const STATUS_TEXT: Readonly<Record<FileStatus, string>> = {
  complete: 'already here',
  partial: 'partial',
  absent: 'to fetch',
  'in the way': 'in the way',
  fetched: 'fetched',
  'not found': 'not found',
  failed: 'failed',
};

function statusText(f: FileEntry): string {
  if (f.status === 'partial') {
    return `partial: ${((100 * f.haveBytes) / f.file.bytes).toFixed(0)}% here`;
  }
  return STATUS_TEXT[f.status];
}

/** `planes-readsb-prod-0` → `prod-0`: the part that differs between pods. */
const shortPod = (pod: string | null): string => (pod ?? '-').replace(/^planes-readsb-/, '');

export function renderFetchTable(report: FetchReport, style: Style = PLAIN): string {
  const withPod = report.source === 'adsblol';
  const columns = [
    { header: report.unit === 'day' ? 'Day' : 'Hour (UTC)' },
    ...(withPod ? [{ header: 'Pod' }] : []),
    { header: report.dryRun ? 'URL' : 'File' },
    { header: 'Size', align: 'right' as const },
    { header: 'State' },
  ];
  const rows: string[][] = [];
  for (const item of report.items) {
    if (item.missing !== null) {
      rows.push([item.when, ...(withPod ? ['-'] : []), '-', '-', item.missing]);
      continue;
    }
    for (const f of item.files) {
      rows.push([
        item.when,
        ...(withPod ? [shortPod(item.pod)] : []),
        report.dryRun ? f.file.url : f.file.name,
        formatBytes(f.file.bytes),
        statusText(f),
      ]);
    }
  }
  const t = fetchTotals(report);
  const unit = report.unit;
  const lines = [textTable(columns, rows, style), ''];
  lines.push(
    `${plural(t.items, unit)}: ${t.items - t.itemsMissing} with files (${plural(t.files, 'file')}, ${formatBytes(t.bytes)}), ${t.itemsMissing} without.`,
  );
  const free = report.freeBytes === null ? 'unknown' : formatBytes(report.freeBytes);
  if (report.dryRun) {
    lines.push(
      `Already in ${report.dir}: ${formatBytes(t.haveBytes)}; to download: ${formatBytes(t.needBytes)}; free there: ${free}.`,
    );
  } else {
    lines.push(
      `Fetched ${plural(t.fetched, 'file')} (${formatBytes(t.fetchedBytes)}) into ${report.dir}; ${t.alreadyHere} already there; ${t.failed + t.inTheWay} failed; ${t.notFound} not found.`,
    );
  }
  const warnings = fetchWarnings(report);
  if (warnings.length > 0) {
    lines.push('', 'Notes:', ...warnings.map((w) => style.surge(`  ${w}`)));
  }
  lines.push('', `Terms: ${SOURCE_TERMS[report.source]}`);
  return lines.join('\n') + '\n';
}

export function fetchJson(report: FetchReport): object {
  return {
    schema: 'sortie.fetch/1',
    source: report.source,
    dir: report.dir,
    dryRun: report.dryRun,
    outcome: fetchOutcome(report),
    items: report.items.map((i) => ({
      when: i.when,
      release: i.release,
      pod: i.pod,
      missing: i.missing,
      notes: i.notes,
      files: i.files.map((f) => ({
        name: f.file.name,
        url: f.file.url,
        bytes: f.file.bytes,
        status: f.status,
        haveBytes: f.haveBytes,
        needBytes: f.needBytes,
        message: f.message,
      })),
    })),
    totals: fetchTotals(report),
    freeBytes: report.freeBytes,
    warnings: fetchWarnings(report),
    terms: SOURCE_TERMS[report.source],
  };
}
