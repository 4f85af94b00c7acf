import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every relative module a file imports: static, type-only and dynamic, as absolute .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)) {
    found.push(path.resolve(path.dirname(file), (m[1] as string).replace(/\.js$/, '.ts')));
  }
  return found;
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string): string => path.relative(SRC, f);

describe('source layout', () => {
  it('has no import circles (static, type-only or dynamic)', () => {
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...trail.slice(trail.indexOf(file)), file].map(rel).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) if (graph.has(next)) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const f of files) visit(f, []);
    expect(circles).toEqual([]);
  });

  it('keeps process and the CLI at the edge: nothing outside src/cli imports it or touches process', () => {
    const offenders = files
      .filter((f) => !rel(f).startsWith('cli/'))
      .filter((f) => {
        const text = readFileSync(f, 'utf8');
        return (
          /\bprocess\.(stdout|stderr|exit|argv|env|on)\b/.test(text) ||
          importsOf(f).some((i) => rel(i).startsWith('cli/'))
        );
      })
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it('keeps the reading engine (threads, byte ranges, worker protocol) in the ingest stage', () => {
    const cli = files.filter((f) => rel(f).startsWith('cli/')).map(rel);
    expect(cli.filter((f) => /worker|read-task|reading-threads/.test(f))).toEqual([]);
    expect(files.map(rel)).toContain(path.join('ingest', 'threads', 'worker-reader.ts'));
  });
});
