/**
 * `report --since-last STATEFILE`: a cron job that finds nothing new says so and stops, rather
 * than rewriting the same report (and mailing it) every hour. The state file records what the last
 * successful run read (each file's path, size and modification time: an archive's parts, a day
 * folder's trace folders) and with which options; a run
 * whose inputs and options are all the same, and whose outputs are all still there, reads nothing.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { InputSource } from '../ingest/collect.js';
import { UsageError, writeFileAtomic } from './io.js';

export interface InputStamp {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface RunState {
  readonly schema: 'sortie.state/1';
  readonly recordedAt: string;
  /** The options in force, as one canonical string: another option is another report. */
  readonly options: string;
  readonly inputs: readonly InputStamp[];
  readonly outputs: readonly string[];
}

/** Options that change what is written (not colour, progress or threads), keys sorted. */
export function optionsKey(inputs: readonly string[], opts: object): string {
  const ignored = new Set(['color', 'quiet', 'threads', 'sinceLast', 'config']);
  const kept = Object.entries(opts)
    .filter(([k, v]) => !ignored.has(k) && v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify({ inputs: [...inputs].sort(), options: Object.fromEntries(kept) });
}

export async function stampInputs(sources: readonly InputSource[]): Promise<InputStamp[]> {
  const stamps: InputStamp[] = [];
  for (const s of sources) {
    const archive = s.archive;
    if (archive?.kind === 'globe-history') stamps.push(await dayFolderStamp(archive.dir));
    else if (archive !== undefined) {
      for (const part of archive.parts) stamps.push(await fileStamp(part.path));
    } else if (s.path !== undefined) stamps.push(await fileStamp(s.path));
    else {
      throw new UsageError(
        '--since-last needs inputs that are files: standard input cannot be compared with the last run',
      );
    }
  }
  return stamps.sort((a, b) => (a.path < b.path ? -1 : 1));
}

async function fileStamp(file: string): Promise<InputStamp> {
  const st = await fs.stat(file);
  return { path: path.resolve(file), size: st.size, mtimeMs: st.mtimeMs };
}

/**
 * A readsb day folder as its trace folders stand: how many files they hold and their latest change
 * (readsb writes a trace beside its old one and renames it over, a tar extracting unlinks and
 * creates: either changes the folder). Listing ~256 folders, no trace is opened.
 */
async function dayFolderStamp(dir: string): Promise<InputStamp> {
  const traces = path.join(dir, 'traces');
  let files = 0;
  let mtimeMs = (await fs.stat(traces)).mtimeMs;
  for (const e of await fs.readdir(traces, { withFileTypes: true })) {
    const sub = path.join(traces, e.name);
    let st;
    try {
      st = await fs.stat(sub);
    } catch {
      files += 1; // a broken link: listed all the same
      continue;
    }
    mtimeMs = Math.max(mtimeMs, st.mtimeMs);
    if (st.isDirectory()) files += (await fs.readdir(sub)).length;
    else files += 1;
  }
  return { path: `${path.resolve(dir)}${path.sep}`, size: files, mtimeMs };
}

async function readState(file: string): Promise<RunState | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const state = JSON.parse(text) as RunState;
    return state.schema === 'sortie.state/1' ? state : null;
  } catch {
    return null;
  }
}

const sameStamps = (a: readonly InputStamp[], b: readonly InputStamp[]): boolean =>
  a.length === b.length &&
  a.every((x, i) => x.path === b[i]?.path && x.size === b[i]?.size && x.mtimeMs === b[i]?.mtimeMs);

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The last run's state when nothing changed since it (same inputs, same options, every output
 * still there), else null; with why not, for the note a run prints when it reads again.
 */
export async function unchangedSince(
  file: string,
  stamps: readonly InputStamp[],
  options: string,
  outputs: readonly string[],
): Promise<{ state: RunState | null; why: string }> {
  const state = await readState(file);
  if (state === null) return { state: null, why: 'no earlier run recorded' };
  if (state.options !== options) return { state: null, why: 'the options changed' };
  if (!sameStamps(state.inputs, stamps)) {
    const before = new Map(state.inputs.map((s) => [s.path, s]));
    const changed = stamps.filter((s) => {
      const b = before.get(s.path);
      return b === undefined || b.size !== s.size || b.mtimeMs !== s.mtimeMs;
    }).length;
    const gone = state.inputs.length - stamps.filter((s) => before.has(s.path)).length;
    return {
      state: null,
      why: `${changed} input${changed === 1 ? '' : 's'} new or changed${gone > 0 ? `, ${gone} gone` : ''}`,
    };
  }
  for (const out of outputs) {
    if (!(await exists(out))) return { state: null, why: `${out} is missing` };
  }
  return { state, why: 'nothing new' };
}

export async function recordRun(
  file: string,
  stamps: readonly InputStamp[],
  options: string,
  outputs: readonly string[],
): Promise<void> {
  const state: RunState = {
    schema: 'sortie.state/1',
    recordedAt: new Date().toISOString(),
    options,
    inputs: stamps,
    outputs: outputs.map((o) => path.resolve(o)),
  };
  await writeFileAtomic(file, JSON.stringify(state, null, 2) + '\n');
}
