import { describe, expect, it } from 'vitest';
import { textTable } from '../src/report/render/text-table.js';
import { outputStyle } from '../src/cli/color.js';
import type { Io } from '../src/cli/io.js';
import { Readable } from 'node:stream';

const columns = [
  { header: 'Mission' },
  { header: 'Type' },
  { header: 'Fixes', align: 'right' as const, dropOrder: 1 },
  { header: 'Airspace', dropOrder: 2 },
];
const rows = [['ae01c7-20250203T1500Z', 'RC-135V', '1525', 'entered-territorial (8.3 NM)']];

describe('text tables fit the terminal', () => {
  it.each([
    // terminal width, header line, columns named as left out
    [undefined, 'Mission                Type     Fixes  Airspace', null],
    [200, 'Mission                Type     Fixes  Airspace', null],
    [66, 'Mission                Type     Airspace', 'Fixes'],
    [40, 'Mission                Type', 'Fixes, Airspace'],
    // Columns that are never dropped stay even when the terminal is narrower still.
    [10, 'Mission                Type', 'Fixes, Airspace'],
  ])('at %s columns', (width, header, left) => {
    const out = textTable(columns, rows, { header: (s) => s, ...(width ? { width } : {}) });
    const lines = out.split('\n');
    expect(lines[0]).toBe(header);
    if (left === null) expect(lines).toHaveLength(2);
    else
      expect(lines[2]).toBe(
        `(left out to fit ${width} columns: ${left}; a wider terminal, --out FILE or a pipe shows them)`,
      );
    if (width !== undefined && width >= 30) {
      for (const l of lines.slice(0, 2)) expect(l.length).toBeLessThanOrEqual(width);
    }
  });

  const io = (tty: boolean): Io => ({
    stdout: () => undefined,
    stderr: () => undefined,
    stdoutIsTTY: tty,
    stdoutColumns: 80,
    env: {},
    stdin: () => Readable.from([]),
    writeFile: async () => undefined,
  });

  it('takes the width from a terminal only, never for a file or a pipe', async () => {
    expect((await outputStyle({ color: 'never' }, io(true))).width).toBe(80);
    expect((await outputStyle({ color: 'never', out: 'r.txt' }, io(true))).width).toBeUndefined();
    expect((await outputStyle({ color: 'never' }, io(false))).width).toBeUndefined();
  });
});
