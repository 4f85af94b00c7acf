import { expect } from 'vitest';
import { Readable } from 'node:stream';
import { run } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { ingest, type InputSource } from '../src/ingest/collect.js';
import type { ReaderOptions } from '../src/ingest/formats/format.js';
import type { Position } from '../src/ingest/types.js';

/** An in-memory source, delivered in small chunks to exercise chunk boundaries. */
export function textSource(name: string, content: string | Buffer, chunkSize = 7): InputSource {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return {
    name,
    open: () =>
      Readable.from(
        (function* () {
          for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
        })(),
      ),
  };
}

/** Reads sources keeping every position, those without an address last. */
export async function readAll(sources: InputSource[], reader?: ReaderOptions) {
  const ingested = await ingest(sources, { keep: () => true, reader });
  return { ...ingested, positions: [...ingested.positions, ...ingested.hexless] };
}

/** Runs the CLI in-process, capturing its output. */
export async function runCli(
  argv: string[],
  env: Record<string, string> = {},
  stdin: Buffer = Buffer.alloc(0),
  stdoutIsTTY = false,
): Promise<{ code: number; stdout: string; stderr: string; files: Map<string, string> }> {
  let stdout = '';
  let stderr = '';
  const files = new Map<string, string>();
  const io: Io = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdoutIsTTY,
    env,
    stdin: () => Readable.from([stdin]),
    writeFile: async (path, text) => {
      files.set(path, text);
    },
  };
  const code = await run(argv, io);
  return { code, stdout, stderr, files };
}

/** A position with defaults, for track and mission tests. */
export function fix(
  over: Partial<Position> & { timeMs: number; lat: number; lon: number },
): Position {
  return {
    hex: 'ae01c7',
    callsign: null,
    altitudeFt: 25_000,
    onGround: false,
    groundSpeedKt: 350,
    trackDeg: null,
    typeCode: null,
    registration: null,
    dbFlags: null,
    source: { fileIndex: 0, line: 1 },
    ...over,
  };
}

/** Every line on stderr is a warning the output itself carries (the operators left out, say). */
export function expectWarningsAlsoIn(stderr: string, output: string): void {
  for (const line of stderr.split('\n').filter((l) => l !== '')) {
    expect(line).toMatch(/^sortie: warning: /);
    expect(output).toContain(line.slice('sortie: warning: '.length));
  }
}
