/**
 * The files a command writes (--out, and report's --chart and --html): which format --out means,
 * and the refusals that come before anything is read or written, each a usage error (exit 2).
 *
 *  - --out without --format takes the format from the file's extension; an extension another
 *    command writes but this one does not, or one that contradicts --format, is refused. A name
 *    without a known extension (or `-`, standard output) keeps --format or the default.
 *  - --chart and --html refuse a name whose extension says another format.
 *  - Two options naming one file, or an output that is one of the inputs (the same file by any
 *    path: links and files found inside input directories included), are refused.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UsageError, type Io } from './io.js';

/** Every extension sortie knows as an output format, and the format it names. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  '.txt': 'table',
  '.json': 'json',
  '.csv': 'csv',
  '.md': 'md',
  '.markdown': 'md',
  '.geojson': 'geojson',
  '.kml': 'kml',
  '.svg': 'svg',
  '.html': 'html',
  '.htm': 'html',
};

/** Each command's formats, the default first, with the extensions that ask for each. */
export const COMMAND_FORMATS = {
  report: {
    table: ['.txt'],
    json: ['.json'],
    csv: ['.csv'],
    md: ['.md', '.markdown'],
    html: ['.html', '.htm'],
    svg: ['.svg'],
    // .txt means the table unless --format line asks for the one line.
    line: ['.txt'],
  },
  missions: { table: ['.txt'], json: ['.json'], csv: ['.csv'], md: ['.md', '.markdown'] },
  inspect: { table: ['.txt'], json: ['.json'] },
  regions: { table: ['.txt'], json: ['.json'] },
  compare: { table: ['.txt'], json: ['.json'], md: ['.md', '.markdown'] },

  identify: { table: ['.txt'], json: ['.json'] },

  fetch: { table: ['.txt'], json: ['.json'] },
  // GeoJSON is JSON: a .json name asks for it.
  export: { geojson: ['.geojson', '.json'], kml: ['.kml'] },
} as const satisfies Record<string, Record<string, readonly string[]>>;

export type CommandName = keyof typeof COMMAND_FORMATS;
export type FormatOf<C extends CommandName> = keyof (typeof COMMAND_FORMATS)[C] & string;

/** The names of a command's formats, the default first (for --format's choices). */
export function formatNames<C extends CommandName>(command: C): FormatOf<C>[] {
  return Object.keys(COMMAND_FORMATS[command]) as FormatOf<C>[];
}

/** The option's help text, saying where the default comes from. */
export function formatHelp(command: CommandName): string {
  const [first] = formatNames(command);
  return `output format (default: from the --out file's extension, else ${first})`;
}

function extensionOf(file: string): string {
  return path.extname(file).toLowerCase();
}

/**
 * The format to write: --format when given, else the one the --out file's extension names, else
 * the command's default. Throws a UsageError when the two disagree or the extension names a format
 * this command does not write.
 */
export function resolveFormat<C extends CommandName>(
  command: C,
  given: FormatOf<C> | undefined,
  out: string | undefined,
): FormatOf<C> {
  const formats = COMMAND_FORMATS[command] as Readonly<Record<string, readonly string[]>>;
  const fallback = given ?? formatNames(command)[0]!;
  if (out === undefined || out === '-') return fallback;
  const ext = extensionOf(out);
  const named = EXTENSIONS[ext];
  if (named === undefined) return fallback;
  const byName = Object.keys(formats).find((f) => formats[f]!.includes(ext)) as
    | FormatOf<C>
    | undefined;
  if (byName === undefined) {
    const list = Object.entries(formats)
      .map(([f, exts]) => `${f} (${exts.join(', ')})`)
      .join(', ');
    throw new UsageError(
      `--out ${out}: sortie ${command} does not write ${named} (${ext}); its formats are ${list}`,
    );
  }
  // Text is text: a .txt file takes the one-line report too when --format asks for it.
  if (given !== undefined && given !== byName && formats[given]!.includes(ext)) return given;
  if (given !== undefined && given !== byName) {
    throw new UsageError(
      `--format ${given} does not match --out ${out}, whose ${ext} means ${byName}: give one, or make them agree`,
    );
  }
  return byName;
}

/** A file an option asks to write. */
export interface OutputFile {
  readonly option: string;
  readonly file: string;
}

/** The files report's --chart and --html may be given, by extension. */
const SIDE_EXTENSIONS: Readonly<Record<string, { format: string; exts: readonly string[] }>> = {
  '--chart': { format: 'svg', exts: ['.svg'] },
  '--html': { format: 'html', exts: ['.html', '.htm'] },
};

/**
 * The files a command will write, checked against each other and, for --chart and --html, against
 * their extension (before any input is read).
 */
export function outputFiles(
  options: Readonly<Record<string, string | undefined>>,
): readonly OutputFile[] {
  const files: OutputFile[] = [];
  for (const [option, file] of Object.entries(options)) {
    if (file === undefined || (option === '--out' && file === '-')) continue;
    const side = SIDE_EXTENSIONS[option];
    const ext = extensionOf(file);
    const named = EXTENSIONS[ext];
    if (side !== undefined && ext !== '' && !side.exts.includes(ext)) {
      // An SVG in a file named .png opens as a broken picture: said before any input is read.
      throw new UsageError(
        named !== undefined
          ? `${option} ${file}: ${ext} means ${named}, and ${option} writes ${side.format} (${side.exts.join(', ')})`
          : `${option} ${file}: ${option} writes ${side.format}, not ${ext}: name the file ${side.exts.join(' or ')}`,
      );
    }
    const twin = files.find((f) => path.resolve(f.file) === path.resolve(file));
    if (twin !== undefined) {
      throw new UsageError(`${twin.option} and ${option} both name ${file}: give two files`);
    }
    files.push({ option, file });
  }
  return files;
}

/** A file's identity on disk (device and inode), the same by any path or link; null if absent. */
async function identity(file: string): Promise<string | null> {
  try {
    const s = await fs.stat(file);
    return s.isFile() ? `${s.dev}:${s.ino}` : null;
  } catch {
    return null;
  }
}

/**
 * Refuses to write over an input: each output that exists is compared, by device and inode, with
 * every input file (as named, or found inside a directory named, on the command line), so a
 * relative path, a symbolic link or a hard link to an input is caught too. Outputs that do not
 * exist yet cannot be inputs.
 */
export async function refuseOverwritingInputs(
  outputs: readonly OutputFile[],
  inputs: readonly string[],
): Promise<void> {
  const existing: { output: OutputFile; id: string }[] = [];
  for (const output of outputs) {
    const id = await identity(output.file);
    if (id !== null) existing.push({ output, id });
  }
  if (existing.length === 0) return;
  const byId = new Map<string, string>();
  for (const input of inputs) {
    const id = await identity(input);
    if (id !== null && !byId.has(id)) byId.set(id, input);
  }
  for (const { output, id } of existing) {
    const input = byId.get(id);
    if (input !== undefined) {
      throw new UsageError(
        `${output.option} ${output.file} is the input ${input}: sortie never writes over its inputs; choose another file`,
      );
    }
  }
}

/**
 * Runs `run` holding a lock on each output file (not standard output), so two unattended runs
 * writing the same files cannot interleave; the locks go when it ends, however it ends.
 */
export async function withOutputLocks<T>(
  io: Io,
  outputs: readonly OutputFile[],
  run: () => Promise<T>,
): Promise<T> {
  const files = outputs.map((o) => o.file).filter((f) => f !== '-');
  if (files.length === 0 || io.lockFiles === undefined) return run();
  const release = await io.lockFiles(files);
  try {
    return await run();
  } finally {
    await release();
  }
}
