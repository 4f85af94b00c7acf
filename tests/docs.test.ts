/**
 * The documentation runs: every `sortie ...` command in a fenced shell block of README.md and
 * docs/*.md exits as documented, every output shown under a command is what it prints, every
 * relative link resolves, and every --option named is one the CLI has. The conventions (also in
 * docs/development.md):
 *
 * - A ```sh (or bash, shell) block: each line starting with `sortie ` is run in-process and must
 *   exit 0; its output is not checked.
 * - A ```console block is a transcript: each line `$ sortie ...` is a command, and the lines after
 *   it, up to the next `$ ` line or the end of the block, are exactly what it prints (standard
 *   output, then standard error; trailing spaces ignored). Lines `$ ` with another program
 *   (npm, say) are left alone, and so is their output.
 * - A trailing `# exit N` comment on a command line expects exit code N instead of 0.
 * - A command may end in `| head -n N`, `| tail -n N` or `| cut -c1-N` (characters, not bytes); nothing else
 *   of the shell is understood: arguments are split on spaces, with '...' or "..." quoting.
 *
 * Commands run from the repository root, through the same `run` the binary calls; files they
 * would write (--out, --chart, --html) stay in memory. Each distinct command runs once.
 * `UPDATE_DOCS=1 npx vitest run tests/docs.test.ts` rewrites the shown outputs in place.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const ROOT = path.resolve(new URL('..', import.meta.url).pathname);
const UPDATE = process.env.UPDATE_DOCS === '1';

interface DocCommand {
  /** The command line as written, without `$ ` and without the `# exit N` comment. */
  readonly text: string;
  /** 1-based line of the command in its file. */
  readonly line: number;
  readonly exit: number;
  /** The output shown under it: [first, end) line indexes (0-based) in the file; null when none is shown. */
  readonly output: { readonly start: number; readonly end: number } | null;
}

const SHELL_INFO = new Set(['sh', 'bash', 'shell']);

/** The commands of a Markdown text, with where their shown output lies. */
function docCommands(markdown: string): DocCommand[] {
  const lines = markdown.split('\n');
  const commands: DocCommand[] = [];
  let i = 0;
  while (i < lines.length) {
    const open = /^(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i] ?? '');
    if (open === null) {
      i += 1;
      continue;
    }
    const fence = open[1] ?? '```';
    const info = open[2] ?? '';
    let end = i + 1;
    while (end < lines.length && !(lines[end] ?? '').startsWith(fence)) end += 1;
    if (SHELL_INFO.has(info)) {
      for (let k = i + 1; k < end; k += 1) {
        const cmd = parseCommandLine(lines[k] ?? '');
        if (cmd !== null) commands.push({ ...cmd, line: k + 1, output: null });
      }
    } else if (info === 'console') {
      for (let k = i + 1; k < end; k += 1) {
        const text = lines[k] ?? '';
        if (!text.startsWith('$ ')) continue;
        let next = k + 1;
        while (next < end && !(lines[next] ?? '').startsWith('$ ')) next += 1;
        const cmd = parseCommandLine(text.slice(2));
        if (cmd !== null)
          commands.push({ ...cmd, line: k + 1, output: { start: k + 1, end: next } });
        k = next - 1;
      }
    }
    i = end + 1;
  }
  return commands;
}

function parseCommandLine(raw: string): { text: string; exit: number } | null {
  const exitMatch = /\s+#\s*exit\s+(\d+)\s*$/.exec(raw);
  const text = (
    exitMatch === null ? raw.replace(/\s+#\s.*$/, '') : raw.slice(0, exitMatch.index)
  ).trim();
  if (!/^sortie(\s|$)/.test(text)) return null;
  return { text, exit: exitMatch === null ? 0 : Number(exitMatch[1]) };
}

/** Splits a command line into the CLI's arguments and the output filters after `|`. */
function splitCommand(text: string): { argv: string[]; filters: Array<(s: string) => string> } {
  const [command = '', ...pipes] = text.split(/\s+\|\s+/);
  const words: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(command); m !== null; m = re.exec(command)) {
    words.push(m[1] ?? m[2] ?? m[3] ?? '');
  }
  if (words[0] !== 'sortie') throw new Error(`not a sortie command: ${text}`);
  const filters = pipes.map((p) => {
    const head = /^head -n (\d+)$/.exec(p.trim());
    if (head !== null) {
      const n = Number(head[1]);
      return (s: string) => keepLines(s, (ls) => ls.slice(0, n));
    }
    const tail = /^tail -n (\d+)$/.exec(p.trim());
    if (tail !== null) {
      const n = Number(tail[1]);
      return (s: string) => keepLines(s, (ls) => ls.slice(Math.max(0, ls.length - n)));
    }
    const cut = /^cut -c1-(\d+)$/.exec(p.trim());
    if (cut !== null) {
      const n = Number(cut[1]);
      return (s: string) => keepLines(s, (ls) => ls.map((l) => [...l].slice(0, n).join('')));
    }
    throw new Error(`unsupported pipe in a documented command: | ${p}`);
  });
  return { argv: words.slice(1), filters };
}

function keepLines(s: string, f: (lines: string[]) => string[]): string {
  const lines = s.split('\n');
  const last = lines.at(-1) === '' ? lines.pop() : undefined;
  return f(lines).join('\n') + (last === undefined ? '' : '\n');
}

/** The output as a transcript shows it: lines without trailing spaces, no final blank lines. */
function shownLines(output: string): string[] {
  const lines = output.split('\n').map((l) => l.trimEnd());
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}

/** The Markdown files that document sortie. */
function docFiles(): string[] {
  const docs = readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

const runs = new Map<string, ReturnType<typeof runCli>>();

/** Runs a documented command once, however many times the documents show it. */
async function runDocumented(text: string): Promise<{ code: number; shown: string }> {
  const { argv, filters } = splitCommand(text);
  const key = JSON.stringify(argv);
  let run = runs.get(key);
  if (run === undefined) {
    run = runCli(argv);
    runs.set(key, run);
  }
  const { code, stdout, stderr } = await run;
  return { code, shown: filters.reduce((s, f) => f(s), stdout) + stderr };
}

/** Rewrites of shown outputs, per file, applied after the commands ran (UPDATE_DOCS=1). */
const rewrites = new Map<string, Array<{ start: number; end: number; lines: string[] }>>();

afterAll(() => {
  for (const [file, edits] of rewrites) {
    const lines = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
    for (const e of [...edits].sort((a, b) => b.start - a.start)) {
      lines.splice(e.start, e.end - e.start, ...e.lines);
    }
    writeFileSync(path.join(ROOT, file), lines.join('\n'));
  }
});

describe('the conventions of the documentation test', () => {
  const sample = [
    'Text.',
    '```sh',
    'npm install',
    'sortie regions        # lists them',
    'sortie report nowhere/   # exit 1',
    '```',
    '```console',
    '$ sortie regions --format json | head -n 2',
    '{',
    '  "schema": "sortie.regions/1",',
    '$ npm run bench',
    'not checked',
    '```',
    '```text',
    'sortie not-a-command',
    '```',
  ].join('\n');

  it('finds commands in shell blocks and transcripts, with their exit codes and outputs', () => {
    const found = docCommands(sample);
    expect(found.map((c) => [c.text, c.line, c.exit, c.output])).toEqual([
      ['sortie regions', 4, 0, null],
      ['sortie report nowhere/', 5, 1, null],
      ['sortie regions --format json | head -n 2', 8, 0, { start: 8, end: 10 }],
    ]);
  });

  it('splits quoted arguments and applies head, tail and cut (by characters)', () => {
    const { argv, filters } = splitCommand(`sortie inspect 'a b' "c d" e | cut -c1-3 | head -n 1`);
    expect(argv).toEqual(['inspect', 'a b', 'c d', 'e']);
    expect(filters.reduce((s, f) => f(s), 'éabc\nxyz\n')).toBe('éab\n');
    const tail = splitCommand('sortie regions | tail -n 2').filters;
    expect(tail.reduce((s, f) => f(s), 'a\nb\nc\n')).toBe('b\nc\n');
    expect(() => splitCommand('sortie regions | grep x')).toThrow(/unsupported pipe/);
  });

  it('checks a shown output against what the command prints', async () => {
    const [cmd] = docCommands(sample).filter((c) => c.output !== null);
    const { code, shown } = await runDocumented(cmd?.text ?? '');
    expect(code).toBe(0);
    const lines = sample.split('\n').slice(cmd?.output?.start, cmd?.output?.end);
    expect(shownLines(shown)).toEqual(lines);
  });
});

for (const file of docFiles()) {
  const commands = docCommands(readFileSync(path.join(ROOT, file), 'utf8'));
  if (commands.length === 0) continue;
  describe(`commands in ${file}`, () => {
    for (const cmd of commands) {
      it(`${file}:${cmd.line}: ${cmd.text}`, async () => {
        const { code, shown } = await runDocumented(cmd.text);
        expect(code, `exit code of ${cmd.text}\n${shown}`).toBe(cmd.exit);
        if (cmd.output === null) return;
        const actual = shownLines(shown);
        if (UPDATE) {
          const edits = rewrites.get(file) ?? [];
          edits.push({ ...cmd.output, lines: actual });
          rewrites.set(file, edits);
          return;
        }
        const lines = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
        const expected = lines.slice(cmd.output.start, cmd.output.end).map((l) => l.trimEnd());
        while (expected.length > 0 && expected.at(-1) === '') expected.pop();
        expect(actual, `output of ${cmd.text} (UPDATE_DOCS=1 rewrites it)`).toEqual(expected);
      });
    }
  });
}

/** Options of other programs that the documents show (Trino CLI, readsb, Chromium, npm run bench). */
const OTHER_PROGRAMS_OPTIONS = new Set([
  '--output-format',
  // the trino CLI (docs/scaling.md)
  '--server',
  '--user',
  '--external-authentication',
  '--catalog',
  '--schema',
  '--execute',
  '--write-globe-history',
  '--write-json-globe-index',
  '--db-file',
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hours',
  '--runs',
  '--only',
  '--no-gzip',
  '--archive-members',
  '--no-db',
  '--no-archive',
  '--no-extract',
  '--mix',
  '--db-days',
  // node's own (docs/performance.md: the code cache and source maps; profiling the kernel).
  '--enable-source-maps',
  '--perf-prof',
  '--perf-basic-prof',
  '--v8-pool-size',
  // V8's, tried and left out (docs/performance.md).
  '--always-sparkplug',
  '--interrupt-budget',
  '--no-concurrent-marking',
  '--single-threaded-gc',
  '--single-threaded',
  '--no-liftoff',
  '--liftoff-only',
  '--maglev',
  '--no-wasm-dynamic-tiering',
  '--trace-gc',
  '--wasm-tiering-budget',
  '--no-lazy-feedback-allocation',
  '--max-lazy',
  '--no-incremental-marking',
  '--turbo-filter',
  '--no-opt',
  '--no-concurrent-recompilation',
  '--max-inlined-bytecode-size',
  '--max-inlined-bytecode-size-cumulative',
  '--no-turbo-inlining',
  '--allow-natives-syntax',
  '--no-turbofan',
  '--trace-opt',
  // perf's (docs/performance.md: `perf inject --jit`).
  '--jit',
  // clickhouse-server's (docs/scaling.md).
  '--config-file',
  '--pidfile',
  '--days',
  '--airframes',
  '--step-s',
  // Replaced by --exposure, still read for a release (hidden from --help); the docs say so.
  '--coverage',
]);

describe('options named in the documentation', () => {
  it('are options of a sortie command (or of the other programs shown)', async () => {
    const known = new Set<string>();
    for (const argv of [
      ['--help'],
      ...[
        'report',
        'missions',
        'inspect',
        'export',
        'compare',
        'regions',
        'fetch',
        'identify',
        'config',
        'sql',
        'trino',
      ].map((c) => [c, '--help']),
      ['db', 'init', '--help'],
      ['db', 'load', '--help'],
      ['db', 'prune', '--help'],
    ]) {
      const { stdout } = await runCli(argv);
      for (const m of stdout.matchAll(/(?<![\w-])--[a-z][a-z0-9-]*/g)) known.add(m[0]);
    }
    expect(known.has('--min-dwell')).toBe(true);
    const unknown: string[] = [];
    for (const file of docFiles()) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/(?<![\w-])--[a-z][a-z0-9-]*/g)) {
        if (!known.has(m[0]) && !OTHER_PROGRAMS_OPTIONS.has(m[0])) unknown.push(`${file}: ${m[0]}`);
      }
    }
    expect([...new Set(unknown)], 'options the CLI does not have (renamed or removed?)').toEqual(
      [],
    );
  });
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function headingSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors of a Markdown text's headings (repeated ones numbered as GitHub does). */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of withoutFences(markdown).split('\n')) {
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h === null) continue;
    const base = headingSlug(h[1] ?? '');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** The text without its fenced blocks (a `#` line in a shown output is not a heading). */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** The text without fenced blocks and inline code (links in them are not links). */
function withoutCode(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '');
}

describe('links in the documentation', () => {
  it('finds repeated headings and punctuation as GitHub does', () => {
    expect(headingSlug('Chart (`--chart FILE.svg`)')).toBe('chart---chart-filesvg');
    expect(headingSlug('Coverage and exposure')).toBe('coverage-and-exposure');
    expect([...anchors('# A\n## A\n```\n# B\n```\n## `c` d\n')]).toEqual(['a', 'a-1', 'c-d']);
  });

  for (const file of docFiles()) {
    it(`every relative link in ${file} resolves, anchors included`, () => {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      const broken: string[] = [];
      for (const m of withoutCode(text).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = m[1] ?? '';
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
        const [rel = '', anchor] = target.split('#');
        const resolved =
          rel === '' ? path.join(ROOT, file) : path.join(ROOT, path.dirname(file), rel);
        if (!existsSync(resolved)) {
          broken.push(`${target}: no such file`);
          continue;
        }
        if (anchor !== undefined && resolved.endsWith('.md') && statSync(resolved).isFile()) {
          if (!anchors(readFileSync(resolved, 'utf8')).has(anchor)) {
            broken.push(`${target}: no heading with that anchor`);
          }
        }
      }
      expect(broken).toEqual([]);
    });
  }
});
