import { promises as fs } from 'node:fs';
import path from 'node:path';
import { chooseDays } from '../../fetch/adsblol-plan.js';
import { utcDayText, utcDays, utcHours, utcHourText } from '../../fetch/days.js';
import { freeBytesAt } from '../../fetch/disk.js';
import { downloadFile, fileBytes } from '../../fetch/download.js';
import { listReleases } from '../../fetch/github-releases.js';
import { HttpFailure, type HttpOptions } from '../../fetch/http.js';
import { fileOnDisk, PART_SUFFIX } from '../../fetch/local-state.js';
import { openskyHours } from '../../fetch/opensky-plan.js';
import type { RemoteFile } from '../../fetch/remote-file.js';
import {
  fetchJson,
  fetchOutcome,
  fetchTotals,
  fetchWarnings,
  formatBytes,
  renderFetchTable,
  type FetchReport,
  type FileEntry,
  type ItemEntry,
} from '../../fetch/report.js';
import { outputStyle } from '../color.js';
import { ExitCode, UserError, warningLine, type Io } from '../io.js';
import { ProgressBar, downloadLine, type DownloadProgress } from '../progress.js';
import { VERSION } from '../version.js';
import type { FetchRequest } from './command-options.js';
import { errnoText } from '../errno.js';

/** The first wait before trying again (doubling after); SORTIE_FETCH_RETRY_MS changes it. */
const RETRY_BASE_MS = 1000;
/** A download that receives nothing for this long is dropped and resumed. */
const STALL_MS = 60_000;

async function entryFor(file: RemoteFile, dir: string): Promise<FileEntry> {
  const finalPath = path.join(dir, file.name);
  const local = fileOnDisk(file, {
    finalBytes: await fileBytes(finalPath),
    partBytes: await fileBytes(finalPath + PART_SUFFIX),
  });
  const message =
    local.state === 'in the way'
      ? `${finalPath} is already there but not of the ${file.bytes} bytes listed: left alone (move it away to fetch the file again)`
      : null;
  return {
    file,
    status: local.state,
    haveBytes: local.haveBytes,
    needBytes: local.needBytes,
    message,
  };
}

async function adsbLolItems(request: FetchRequest, http: HttpOptions): Promise<ItemEntry[]> {
  const days = utcDays(request.fromMs, request.toMs).map(utcDayText);
  const choices = await chooseDays(days, request.pods, (repository) =>
    listReleases(request.baseUrl, repository, http),
  );
  return Promise.all(
    choices.map(async (c) => ({
      when: c.day,
      release: c.release?.tag ?? null,
      pod: c.release?.pod ?? null,
      missing: c.missing,
      notes: c.notes,
      files: await Promise.all((c.set?.files ?? []).map((f) => entryFor(f, request.dir))),
    })),
  );
}

async function openskyItems(request: FetchRequest, http: HttpOptions): Promise<ItemEntry[]> {
  const hours = await openskyHours(request.baseUrl, utcHours(request.fromMs, request.toMs), http);
  return Promise.all(
    hours.map(async (h) => ({
      when: `${utcHourText(h.hourMs).slice(0, 10)} ${utcHourText(h.hourMs).slice(11)}:00`,
      release: null,
      pod: null,
      missing: h.missing,
      notes: [],
      files: h.file === null ? [] : [await entryFor(h.file, request.dir)],
    })),
  );
}

/** Downloads every file not yet whole, in order; returns the entries with their outcome. */
async function downloadAll(
  items: readonly ItemEntry[],
  request: FetchRequest,
  http: HttpOptions,
  bar: ProgressBar<DownloadProgress> | null,
): Promise<ItemEntry[]> {
  const pending = items
    .flatMap((i) => i.files)
    .filter((f) => f.status === 'absent' || f.status === 'partial');
  const progress = {
    files: pending.length,
    filesDone: 0,
    bytes: pending.reduce((s, f) => s + f.file.bytes, 0),
    bytesDone: pending.reduce((s, f) => s + f.haveBytes, 0),
    bytesThisRun: 0,
  };
  const out: ItemEntry[] = [];
  for (const item of items) {
    const files: FileEntry[] = [];
    for (const entry of item.files) {
      if (entry.status !== 'absent' && entry.status !== 'partial') {
        files.push(entry);
        continue;
      }
      let current = entry.haveBytes;
      const outcome = await downloadFile(entry.file, request.dir, http, (haveBytes) => {
        progress.bytesDone += haveBytes - current;
        if (haveBytes > current) progress.bytesThisRun += haveBytes - current;
        current = haveBytes;
        bar?.update({ ...progress });
      });
      progress.filesDone += 1;
      bar?.update({ ...progress });
      if (outcome.kind === 'fetched') {
        files.push({ ...entry, status: 'fetched', message: null });
      } else if (outcome.kind === 'missing') {
        files.push({
          ...entry,
          status: 'not found',
          message: `${entry.file.name}: not found at ${entry.file.url} (${outcome.reason})`,
        });
      } else {
        files.push({ ...entry, status: 'failed', message: outcome.message });
      }
    }
    out.push({ ...item, files });
  }
  return out;
}

export async function fetchAction(
  request: FetchRequest,
  io: Io,
  setExit: (code: number) => void,
): Promise<void> {
  const bar =
    io.stderrIsTTY === true && !request.quiet
      ? new ProgressBar<DownloadProgress>(io.stderr, downloadLine)
      : null;
  const say = (message: string): void => {
    bar?.done();
    io.stderr(`sortie: ${message}\n`);
  };
  const retryMs = io.env.SORTIE_FETCH_RETRY_MS;
  const http: HttpOptions = {
    headers: { 'User-Agent': `sortie/${VERSION}` },
    retries: request.retries,
    retryBaseMs: retryMs !== undefined && /^\d+$/.test(retryMs) ? Number(retryMs) : RETRY_BASE_MS,
    stallMs: STALL_MS,
    onRetry: say,
  };
  let items: ItemEntry[];
  try {
    items =
      request.source === 'adsblol'
        ? await adsbLolItems(request, http)
        : await openskyItems(request, http);
  } catch (err) {
    if (err instanceof HttpFailure) throw new UserError(err.message);
    throw err;
  }
  const freeBytes = await freeBytesAt(request.dir);
  const planned: FetchReport = {
    source: request.source,
    dir: request.dir,
    dryRun: request.dryRun,
    unit: request.source === 'adsblol' ? 'day' : 'hour',
    items,
    freeBytes,
  };
  let report = planned;
  if (!request.dryRun) {
    const t = fetchTotals(planned);
    if (freeBytes !== null && t.needBytes > freeBytes) {
      throw new UserError(
        `${request.dir}: the download needs ${formatBytes(t.needBytes)} and ${formatBytes(freeBytes)} is free there: free some space or choose another --dir (--dry-run lists the files)`,
      );
    }
    const pending = t.files - t.alreadyHere - t.inTheWay;
    io.stderr(
      `sortie: ${pending} file${pending === 1 ? '' : 's'} to fetch, ${formatBytes(t.needBytes)} into ${request.dir} (${formatBytes(t.haveBytes)} already there; ${freeBytes === null ? 'free space unknown' : `${formatBytes(freeBytes)} free`})\n`,
    );
    if (pending > 0) {
      try {
        await fs.mkdir(request.dir, { recursive: true });
      } catch (err) {
        throw new UserError(`--dir ${request.dir}: cannot make the folder (${errnoText(err)})`);
      }
    }
    const unregister = io.onInterrupt?.(() => bar?.done());
    try {
      report = { ...planned, items: await downloadAll(items, request, http, bar) };
    } finally {
      bar?.done();
      unregister?.();
    }
  }
  const text =
    request.format === 'json'
      ? JSON.stringify(fetchJson(report), null, 2) + '\n'
      : renderFetchTable(report, await outputStyle({ color: request.color }, io));
  io.stdout(text);
  const onScreen = request.format === 'table' && io.stdoutIsTTY;
  if (!onScreen) for (const w of fetchWarnings(report)) io.stderr(warningLine(w));
  const outcome = fetchOutcome(report);
  setExit(
    outcome === 'failed'
      ? ExitCode.Failure
      : outcome === 'incomplete'
        ? ExitCode.Incomplete
        : ExitCode.Ok,
  );
}
