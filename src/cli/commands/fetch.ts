import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import type { FetchOptions, FetchRequest, Parsed } from './command-options.js';
import { addColorOption } from '../color.js';
import { parseInstant } from '../dates.js';
import { EXAMPLES, addExamples } from '../help-examples.js';
import { UsageError, parseOption, type Io } from '../io.js';
import { formatNames, resolveFormat } from '../outputs.js';
import { DAY_MS, HOUR_MS, onWholeStep } from '../../fetch/days.js';
import { GITHUB_API_URL } from '../../fetch/github-releases.js';
import { OPENSKY_DATASET_BASE_URL } from '../../fetch/opensky-dataset.js';
import { FETCH_SOURCES, type FetchSource } from '../../fetch/report.js';

/** The environment variable that replaces the default --base-url (tests point it at loopback). */
export const BASE_URL_ENV = 'SORTIE_FETCH_BASE_URL';

const DEFAULT_RETRIES = 5;

function parseRetries(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n > 100) {
    throw new InvalidArgumentError(`"${text}" is not a whole number from 0 to 100`);
  }
  return n;
}

function parseBaseUrl(text: string, option: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${option} "${text}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${option} "${text}" is not an http or https URL`);
  }
  return text.replace(/\/+$/, '');
}

/** The options checked against each other and the source, before anything is asked of a server. */
export function fetchRequest(
  source: FetchSource,
  opts: Parsed<FetchOptions>,
  io: Io,
): FetchRequest {
  const fromMs = parseOption('--from', () => parseInstant(opts.from, 'UTC'));
  const toMs = parseOption('--to', () => parseInstant(opts.to, 'UTC'));
  if (toMs <= fromMs) {
    throw new UsageError(`nothing to fetch: --from ${opts.from} is not before --to ${opts.to}`);
  }
  const [stepMs, unit] = source === 'adsblol' ? [DAY_MS, 'day'] : [HOUR_MS, 'hour'];
  for (const [option, ms, text] of [
    ['--from', fromMs, opts.from],
    ['--to', toMs, opts.to],
  ] as const) {
    if (!onWholeStep(ms, stepMs)) {
      throw new UsageError(
        `${option} ${text}: ${source} is published by whole UTC ${unit}s; give ${unit === 'day' ? 'a date' : 'a date or an hour (2022-06-27T15:00Z)'}`,
      );
    }
  }
  let pods: string[] | null = null;
  if (opts.pod !== undefined) {
    if (source !== 'adsblol') throw new UsageError(`--pod is for adsblol only`);
    pods = opts.pod
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    if (pods.length === 0) throw new UsageError(`--pod "${opts.pod}" names no pod`);
  }
  const envUrl = io.env[BASE_URL_ENV];
  const baseUrl =
    opts.baseUrl !== undefined
      ? parseBaseUrl(opts.baseUrl, '--base-url')
      : envUrl !== undefined && envUrl !== ''
        ? parseBaseUrl(envUrl, BASE_URL_ENV)
        : source === 'adsblol'
          ? GITHUB_API_URL
          : OPENSKY_DATASET_BASE_URL;
  return {
    source,
    fromMs,
    toMs,
    dir: opts.dir,
    pods,
    baseUrl,
    dryRun: opts.dryRun === true,
    retries: opts.retries,
    format: resolveFormat('fetch', opts.format, undefined),
    color: opts.color,
    quiet: opts.quiet === true,
  };
}

export function fetchCommand(io: Io, setExit: (code: number) => void): Command {
  const cmd = new Command('fetch')
    .description(
      "download public archives: adsb.lol's daily globe_history releases, or OpenSky's hourly state-vector dataset; resumes, checks sizes, never leaves a partial file under its final name",
    )
    .addArgument(new Argument('<source>', 'what to fetch').choices([...FETCH_SOURCES]))
    .requiredOption(
      '--from <date>',
      'first UTC day to fetch (opensky-dataset: or hour, 2022-06-27T15:00Z)',
    )
    .requiredOption(
      '--to <date>',
      'end of the window, exclusive as in report: the day (or hour) after the last one fetched',
    )
    .option('--dir <folder>', 'where the files go (made if needed)', '.')
    .option(
      '--pod <pods>',
      'adsblol: the pods to choose from, by role (prod, staging, mlatonly) or full name, comma-separated (default: every pod but mlatonly)',
    )
    .option(
      '--dry-run',
      'list the URLs, sizes, what is already here and the space needed; download nothing',
    )
    .option(
      '--base-url <url>',
      `where to ask: for adsblol GitHub's API (default ${GITHUB_API_URL}), for opensky-dataset the dataset's root (default ${OPENSKY_DATASET_BASE_URL}); or set ${BASE_URL_ENV}`,
    )
    .addOption(
      new Option(
        '--retries <n>',
        'tries again after a dropped connection or a server error, waiting longer each time; the count starts over when bytes arrive',
      )
        .argParser(parseRetries)
        .default(DEFAULT_RETRIES),
    )
    .addOption(
      new Option('-f, --format <format>', 'output format (default: table)').choices(
        formatNames('fetch'),
      ),
    )
    .option('-q, --quiet', 'no progress bar on standard error');
  addColorOption(cmd).action(async (source: FetchSource, opts: Parsed<FetchOptions>) => {
    const request = fetchRequest(source, opts, io);
    const { fetchAction } = await import('./fetch-action.js');
    await fetchAction(request, io, setExit);
  });
  return addExamples(cmd, EXAMPLES.fetch);
}
