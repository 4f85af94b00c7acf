/**
 * `sortie trino`: the queries `sortie sql --engine trino` prints, run on a Trino server, each one's
 * rows saved as a CSV file with a header line, which sortie's OpenSky reader reads. A file is
 * written under a temporary name and renamed when its query has ended well, so a file under its
 * final name is always a whole answer; a later run keeps it and runs only what is missing.
 */
import { createHash } from 'node:crypto';
import { promises as fs, rmSync } from 'node:fs';
import path from 'node:path';
import { OPENSKY_COLUMNS, type OpenSkyQuery } from '../../sql/opensky-query.js';
import { utc } from '../../sql/opensky-script.js';
import { csvLine, queryFileName } from '../../sql/trino-protocol.js';
import { UsageError, UserError, type Io } from '../io.js';
import { openskyPlan, planUsage } from '../opensky-plan.js';
import { cleanUpOnSignal } from '../signal-cleanup.js';
import { runTrinoQuery, TRINO_USER_ENV, TrinoFailure, type TrinoServer } from '../trino-client.js';
import { VERSION } from '../version.js';
import type { TrinoOptions } from './command-options.js';

const PART_SUFFIX = '.part';
const RETRY_BASE_MS = 100;

/** The server and credentials the options name; anything wrong is a usage error (exit 2). */
export function trinoServerOf(opts: TrinoOptions, io: Pick<Io, 'env'>): TrinoServer {
  let url: URL;
  try {
    url = new URL(opts.url);
  } catch {
    throw new UsageError(`--url "${opts.url}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url "${opts.url}" is not an http or https URL`);
  }
  const urlUser = decodeURIComponent(url.username);
  const urlPassword = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  const shown = url.toString().replace(/\/+$/, '');
  const user = opts.user ?? (urlUser !== '' ? urlUser : io.env[TRINO_USER_ENV]);
  if (user === undefined || user === '') {
    throw new UsageError(`--user is needed (the Trino user), or ${TRINO_USER_ENV}`);
  }
  let authorization: string | null = null;
  let credentialsSaid = 'the credentials';
  if (opts.tokenEnv !== undefined) {
    if (urlPassword !== '') {
      throw new UsageError('--url carries a password and --token-env names a token: give one');
    }
    const token = io.env[opts.tokenEnv];
    if (token === undefined || token.trim() === '') {
      throw new UsageError(
        `--token-env ${opts.tokenEnv}: the variable ${opts.tokenEnv} is not set`,
      );
    }
    authorization = `Bearer ${token.trim()}`;
    credentialsSaid = `the token in $${opts.tokenEnv}`;
  } else if (urlPassword !== '') {
    if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
      throw new UsageError(`--url: a password is sent over https only (or to this machine)`);
    }
    authorization = `Basic ${Buffer.from(`${user}:${urlPassword}`).toString('base64')}`;
    credentialsSaid = 'the password in --url';
  }
  return {
    url: shown,
    shown,
    user,
    catalog: opts.catalog,
    schema: opts.schema,
    authorization,
    credentialsSaid,
  };
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
}

interface Planned {
  readonly index: number;
  readonly query: OpenSkyQuery;
  readonly file: string;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** Runs the queries; returns the exit code (0, or 1 when a query failed: its file is not written). */
export async function trinoAction(opts: TrinoOptions, io: Io): Promise<number> {
  planUsage(opts);
  const server = trinoServerOf(opts, io);
  const plan = await openskyPlan(opts, 'trino', io);
  for (const warning of plan.warnings) io.stderr(`sortie: warning: ${warning}\n`);
  const dir = opts.dir;
  const here = path.resolve(io.cwd ?? '.', dir);
  try {
    await fs.mkdir(here, { recursive: true });
  } catch (err) {
    throw new UserError(`${dir}: cannot make the folder (${(err as NodeJS.ErrnoException).code})`);
  }
  const planned: Planned[] = plan.queries.map((query, index) => {
    const digest = createHash('sha256')
      .update(`${server.shown}\n${opts.catalog}.${opts.schema}\n${query.sql}`)
      .digest('hex');
    return { index, query, file: queryFileName(query, plan.request, digest) };
  });
  const total = planned.length;
  const say = (text: string): void => {
    if (opts.quiet !== true) io.stderr(`sortie: ${text}\n`);
  };
  const label = (p: Planned): string =>
    `query ${p.index + 1} of ${total} (${utc(p.query.fromMs)} to ${utc(p.query.toMs)} UTC)`;

  const todo: Planned[] = [];
  let kept = 0;
  for (const p of planned) {
    if (await isFile(path.join(here, p.file))) {
      kept += 1;
      say(`${label(p)}: kept ${path.join(dir, p.file)} (fetched earlier)`);
    } else todo.push(p);
  }

  const partials = new Set<string>();
  const unregister = cleanUpOnSignal(() => {
    for (const file of partials) rmSync(file, { force: true });
  });
  let fetchedRows = 0;
  let fetched = 0;
  const failures: string[] = [];
  const runOne = async (p: Planned): Promise<void> => {
    const finalPath = path.join(here, p.file);
    const partPath = `${finalPath}${PART_SUFFIX}`;
    partials.add(partPath);
    const startedMs = Date.now();
    const handle = await fs.open(partPath, 'w');
    let header = false;
    try {
      const result = await runTrinoQuery(
        server,
        p.query.sql,
        {
          timeoutMs: opts.timeout * 1000,
          retries: opts.retries,
          retryBaseMs: RETRY_BASE_MS,
          userAgent: `sortie/${VERSION}`,
          onRetry: (message) => say(`${label(p)}: ${message}`),
        },
        async (columns, rows) => {
          let text = header ? '' : csvLine(columns.map((c) => c.name));
          header = true;
          for (const row of rows) text += csvLine(row);
          await handle.write(text);
        },
      );
      // A query that found nothing still leaves a file sortie reads: the header alone.
      if (!header) {
        await handle.write(csvLine(result.columns?.map((c) => c.name) ?? [...OPENSKY_COLUMNS]));
      }
      await handle.close();
      await fs.rename(partPath, finalPath);
      partials.delete(partPath);
      fetched += 1;
      fetchedRows += result.rows;
      const seconds = ((Date.now() - startedMs) / 1000).toFixed(1);
      say(`${label(p)}: ${count(result.rows)} rows → ${path.join(dir, p.file)} (${seconds} s)`);
    } catch (err) {
      await handle.close().catch(() => undefined);
      await fs.rm(partPath, { force: true });
      partials.delete(partPath);
      throw err;
    }
  };

  try {
    // A pool of --parallel runners; after a failure no further query is started.
    const queue = [...todo];
    const runner = async (): Promise<void> => {
      for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
        if (failures.length > 0) return;
        try {
          await runOne(p);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (err instanceof TrinoFailure) failures.push(`${label(p)}: ${err.message}`);
          else if (typeof code === 'string') {
            failures.push(`${label(p)}: cannot write ${path.join(dir, p.file)} (${code})`);
          } else throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.parallel, todo.length) }, runner));
  } finally {
    unregister();
  }

  const done = `${count(fetched)} of ${count(total)} ${total === 1 ? 'query' : 'queries'} fetched (${count(fetchedRows)} rows)${kept > 0 ? `, ${count(kept)} kept from an earlier run` : ''}`;
  if (failures.length > 0) {
    for (const failure of failures) io.stderr(`sortie: ${failure}\n`);
    const left = total - fetched - kept;
    io.stderr(
      `sortie: ${done}; ${count(left)} not fetched: run the same command again to fetch only those\n`,
    );
    return 1;
  }
  for (const p of planned) io.stdout(`${path.join(dir, p.file)}\n`);
  say(
    `${done}; read them with: sortie report ${path.join(dir, 'opensky_*.csv')} --from ${opts.from} --to ${opts.to}`,
  );
  return 0;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
