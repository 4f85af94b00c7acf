/**
 * sortie.config.json: anything a flag can say, for the commands that read data. The file's values
 * go through the options' own parsers (durations, zones, choices...), so a value is checked exactly
 * as the same flag would be; flags given on the command line win.
 */
import { errnoText } from './errno.js';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command, Option } from 'commander';
import { builtinRegion } from '../geo/builtin-regions.js';
import { UsageError, type Io } from './io.js';
import { CONFIG_FILE_NAME, REPEATABLE_OPTIONS } from './common.js';

/** Keys whose values are files or folders: relative ones are relative to the config's folder. */
const PATH_KEYS: ReadonlySet<string> = new Set([
  'inputs',
  'aircraftDb',
  'watch',
  'out',
  'chart',
  'html',
  'sinceLast',
  'region',
]);

/** Options whose value is a comma-separated list: the file may give a JSON array instead. */
const COMMA_LIST_KEYS: ReadonlySet<string> = new Set(['operators', 'country', 'exclude']);

/** Options that are not parameters of a run, so never read from the file. */
const NOT_FROM_FILE: ReadonlySet<string> = new Set(['help', 'config']);

export type ParameterSource = 'flag' | 'file' | 'default';

/** What the file gave a command: kept for `sortie config --print`. */
export interface AppliedConfig {
  /** The file as the user would name it, or null when none was read. */
  readonly file: string | null;
  /** Whether the file was found in the current folder rather than named by --config. */
  readonly implicit: boolean;
  /** Keys of the file that this command has no use for (another command's parameters). */
  readonly unused: readonly string[];
  readonly inputsSource: ParameterSource;
}

const applied = new WeakMap<Command, AppliedConfig>();

export function appliedConfig(cmd: Command): AppliedConfig | undefined {
  return applied.get(cmd);
}

/** The options a command takes from a config file, by key (the camelCase of the flag). */
export function configOptions(cmd: Command): Map<string, Option> {
  const out = new Map<string, Option>();
  for (const option of cmd.options) {
    const key = option.attributeName();
    if (option.hidden || option.negate || NOT_FROM_FILE.has(key)) continue;
    out.set(key, option);
  }
  return out;
}

/** Every key a config file may hold: the options of the commands that read data, and `inputs`. */
export function configKeys(commands: readonly Command[]): Set<string> {
  const keys = new Set<string>(['inputs']);
  for (const cmd of commands) for (const key of configOptions(cmd).keys()) keys.add(key);
  for (const [alias, key] of ALIASES) if (keys.has(key)) keys.add(alias);
  return keys;
}

/** Keys a file may spell another way: `regions` reads better than `region` for a list. */
const ALIASES: ReadonlyMap<string, string> = new Map([['regions', 'region']]);

/** The file's keys with aliases under the option's own key; both spellings at once is an error. */
function unaliased(config: Record<string, unknown>, file: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const own = ALIASES.get(key);
    if (own === undefined) {
      out[key] = out[key] ?? value;
      continue;
    }
    if (key in config && own in config) {
      throw new UsageError(`${file}: give "${own}" or "${key}", not both`);
    }
    out[own] = value;
  }
  return out;
}

/** Edit distance, for suggesting the key a typo meant. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** The known key nearest to `key`, when near enough to be a typo (or the flag's spelling). */
export function nearestKey(key: string, known: Iterable<string>): string | undefined {
  const camel = key.replace(/^-+/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(camel.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(2, Math.floor(camel.length / 3)) ? best : undefined;
}

/** Where the config comes from: --config, else sortie.config.json in the current folder. */
function configPath(cmd: Command, cwd: string): { file: string; implicit: boolean } | null {
  const given: unknown = cmd.getOptionValue('config');
  if (given === false) return null; // --no-config
  if (typeof given === 'string') return { file: given, implicit: false };
  const found = path.join(cwd, CONFIG_FILE_NAME);
  return existsSync(found) ? { file: path.relative(cwd, found), implicit: true } : null;
}

/** The line of a character offset in `text`, 1-based. */
const lineAt = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

async function readConfig(file: string, cwd: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await fs.readFile(path.resolve(cwd, file), 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read the config file (${errnoText(err)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const line = /line (\d+)/.exec(message)?.[1] ?? (at ? String(lineAt(text, Number(at[1]))) : '');
    throw new UsageError(
      `${file}${line ? `:${line}` : ''}: not valid JSON (${message.replace(/^JSON\.parse: /, '')})`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${file}: a config file is one JSON object of keys and values`);
  }
  return parsed as Record<string, unknown>;
}

const typeName = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`;

/** Relative paths in the file are relative to its folder; `-` (standard input) stays. */
function resolvePath(key: string, value: string, configDir: string, cwd: string): string {
  if (value === '-' || path.isAbsolute(value)) return value;
  if (key === 'region') {
    // A built-in region's id is not a path; file.geojson#feature is resolved on its file.
    if (builtinRegion(value) !== undefined) return value;
    const hash = value.lastIndexOf('#');
    if (hash > 0)
      return resolvePath('inputs', value.slice(0, hash), configDir, cwd) + value.slice(hash);
  }
  // Relative to the current folder when below it (as the same flag would be written), else whole.
  const whole = path.resolve(configDir, value);
  const relative = path.relative(cwd, whole);
  return relative === '' ? '.' : relative.startsWith('..') ? whole : relative;
}

/** The file's value for one option, as the words a flag would carry. */
function flagWords(key: string, option: Option, value: unknown, file: string): string[] | boolean {
  const wrong = (expected: string): UsageError =>
    new UsageError(`${file}: "${key}" must be ${expected}, not ${typeName(value)}`);
  const takesValue = option.required || option.optional;
  if (!takesValue) {
    if (typeof value !== 'boolean') throw wrong('true or false');
    return value;
  }
  if (option.optional && typeof value === 'boolean') return value;
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' && Number.isFinite(value)) return [String(value)];
  const repeatable = REPEATABLE_OPTIONS.has(option.long ?? '');
  if (Array.isArray(value) && (repeatable || COMMA_LIST_KEYS.has(key))) {
    if (!value.every((v) => typeof v === 'string')) throw wrong('an array of strings');
    return repeatable ? value : [value.join(',')];
  }
  // --map time=obs_time and --units alt=m read more naturally as objects.
  if ((key === 'map' || key === 'units') && typeof value === 'object' && value !== null) {
    const pairs = Object.entries(value as Record<string, unknown>);
    if (!pairs.every(([, v]) => typeof v === 'string')) throw wrong('an object of strings');
    return pairs.map(([f, v]) => `${f}=${String(v)}`);
  }
  if (repeatable) throw wrong('a string or an array of strings');
  if (COMMA_LIST_KEYS.has(key)) throw wrong('a string or an array of strings');
  throw wrong(option.optional ? 'true, a number or a string' : 'a string');
}

/** Sets one option from the file, through the option's own parser. */
function applyOption(
  cmd: Command,
  key: string,
  option: Option,
  value: unknown,
  file: string,
  configDir: string,
  cwd: string,
): void {
  const words = flagWords(key, option, value, file);
  if (typeof words === 'boolean') {
    // false: as if the flag were not given (its default), but said to come from the file.
    cmd.setOptionValueWithSource(key, words ? true : option.defaultValue, 'config');
    return;
  }
  let parsed: unknown = option.defaultValue;
  for (const word of words) {
    const text = PATH_KEYS.has(key) ? resolvePath(key, word, configDir, cwd) : word;
    try {
      parsed = option.parseArg === undefined ? text : option.parseArg(text, parsed);
    } catch (err) {
      throw new UsageError(`${file}: "${key}": ${(err as Error).message}`);
    }
  }
  cmd.setOptionValueWithSource(key, parsed, 'config');
}

/** The commands a config file may give a section of their own: `"export": {"format": "kml"}`. */
export const SECTION_NAMES = ['report', 'missions', 'inspect', 'export', 'compare'] as const;

function unknownKey(file: string, key: string, known: ReadonlySet<string>, where = ''): UsageError {
  const near = nearestKey(key, known);
  return new UsageError(
    `${file}: unknown key "${key}"${where}${near === undefined ? '' : ` (did you mean "${near}"?)`}; the keys are the options' long names in camelCase (see docs/automation.md)`,
  );
}

/**
 * The file's keys for `cmd`: the top level, with `cmd`'s own section over it. Every key of every
 * section is checked, so a typo in export's section is found by a report run too.
 */
function sectionFor(
  cmd: Command,
  config: Record<string, unknown>,
  allKeys: ReadonlySet<string>,
  file: string,
): Record<string, unknown> {
  const top: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if ((SECTION_NAMES as readonly string[]).includes(key)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new UsageError(
          `${file}: "${key}" must be an object of ${key}'s own keys, not ${typeName(value)}`,
        );
      }
      for (const inner of Object.keys(value)) {
        if (!allKeys.has(inner)) throw unknownKey(file, inner, allKeys, ` in "${key}"`);
      }
      continue;
    }
    if (!allKeys.has(key)) throw unknownKey(file, key, allKeys);
    top[key] = value;
  }
  const section = config[cmd.name()] as Record<string, unknown> | undefined;
  const own = section === undefined ? undefined : unaliased(section, file);
  if (own !== undefined) {
    const options = configOptions(cmd);
    for (const key of Object.keys(own)) {
      if (key !== 'inputs' && !options.has(key)) {
        throw unknownKey(file, key, new Set(['inputs', ...options.keys()]), ` in "${cmd.name()}"`);
      }
    }
  }
  return { ...unaliased(top, file), ...own };
}

/** `FROM/TO` of dates, and no file of that name: compare's A and B as windows. */
async function isWindow(text: string): Promise<boolean> {
  if (existsSync(text)) return false;
  const { parseInterval } = await import('./dates.js');
  try {
    parseInterval(text, 'UTC');
    return true;
  } catch {
    return false;
  }
}

/**
 * Options that give one parameter two ways (a measured baseline or a stated rate): a flag for one
 * replaces the file's value for the other, as a flag replaces the file's value for its own.
 */
const ALTERNATIVES: readonly (readonly string[])[] = [['baseline', 'baselineRate']];

/**
 * Reads the config file (if any) before `cmd` runs, once its flags are parsed: options not given
 * on the command line take the file's values, and `inputs` fill in when none are given. Every key
 * is checked before anything is read; `allKeys` gives those of every command that reads data (a
 * file shared by report and export may hold keys only one of them uses), asked only when there is
 * a file: making them builds every data command's options again (~3 ms of every run's start).
 */
export function useConfigFile(
  cmd: Command,
  allKeys: () => ReadonlySet<string>,
  io: Io,
  { requireInputs = true }: { requireInputs?: boolean } = {},
): Command {
  return cmd.hook('preAction', async () => {
    const cwd = io.cwd ?? process.cwd();
    const where = configPath(cmd, cwd);
    const options = configOptions(cmd);
    const inputsIndex = cmd.registeredArguments.findIndex((a) => a.name() === 'inputs');
    const args = cmd.processedArgs as unknown[];
    let inputsSource: ParameterSource = 'flag';
    const unused: string[] = [];
    if (where !== null) {
      const config = sectionFor(cmd, await readConfig(where.file, cwd), allKeys(), where.file);
      const configDir = path.dirname(path.resolve(cwd, where.file));
      const byFlag = (k: string): boolean => {
        const source = cmd.getOptionValueSource(k);
        return source === 'cli' || source === 'env';
      };
      for (const [key, value] of Object.entries(config)) {
        const option = options.get(key);
        if (key === 'inputs') continue;
        if (option === undefined) {
          unused.push(key);
          continue;
        }
        // A flag wins over the file's value of its own option, and of the option it replaces.
        const replaced = ALTERNATIVES.some(
          (g) => g.includes(key) && g.some((k) => k !== key && byFlag(k)),
        );
        if (byFlag(key) || replaced) {
          // Still checked: a mistake in the file should not wait for the day the flag is dropped.
          flagWords(key, option, value, where.file);
          continue;
        }
        applyOption(cmd, key, option, value, where.file, configDir, cwd);
      }
      const inputs = config.inputs;
      if (inputs !== undefined) {
        const list = typeof inputs === 'string' ? [inputs] : inputs;
        if (
          !Array.isArray(list) ||
          !list.every((i) => typeof i === 'string') ||
          list.length === 0
        ) {
          throw new UsageError(
            `${where.file}: "inputs" must be a file or folder, or an array of them, not ${typeName(inputs)}`,
          );
        }
        const given = args[inputsIndex];
        const fill =
          inputsIndex >= 0 &&
          Array.isArray(given) &&
          given.length === 0 &&
          // compare's inputs follow two windows; two sets of inputs take none.
          (cmd.name() !== 'compare' ||
            ((await isWindow(String(args[0]))) && (await isWindow(String(args[1])))));
        if (fill) {
          args[inputsIndex] = list.map((i) => resolvePath('inputs', i, configDir, cwd));
          inputsSource = 'file';
        } else if (Array.isArray(given) && given.length === 0) {
          unused.push('inputs');
        }
      }
      if (where.implicit && requireInputs && cmd.getOptionValue('quiet') !== true) {
        io.stderr(`sortie: parameters from ${where.file} (--no-config to ignore it)\n`);
      }
    }
    const given = args[inputsIndex];
    if (inputsSource === 'flag' && Array.isArray(given) && given.length === 0) {
      inputsSource = 'default';
    }
    if (
      requireInputs &&
      cmd.name() !== 'compare' &&
      cmd.getOptionValue('db') === undefined &&
      Array.isArray(given) &&
      given.length === 0
    ) {
      cmd.error("error: missing required argument 'inputs'", {
        exitCode: 2,
        code: 'commander.missingArgument',
      });
    }
    applied.set(cmd, {
      file: where?.file ?? null,
      implicit: where?.implicit ?? false,
      unused,
      inputsSource,
    });
  });
}

/** Where an option's value came from, in the words of `sortie config --print`. */
export function parameterSource(cmd: Command, key: string): ParameterSource {
  const source = cmd.getOptionValueSource(key);
  if (source === 'cli' || source === 'env') return 'flag';
  return source === 'config' ? 'file' : 'default';
}
