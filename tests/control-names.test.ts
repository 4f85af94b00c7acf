/**
 * A file named with control characters (a newline, a screen-clearing escape) reaches no output
 * raw: `?` stands for each, as on stderr; the colours of a terminal table are kept.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withoutForeignControls } from '../src/cli/common.js';
import { runCli } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sortie-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('control characters in names', () => {
  it.each([
    ['x\u001b[2Jy', 'x?[2Jy'],
    ['a\u001b[1mbold\u001b[22m', 'a\u001b[1mbold\u001b[22m'],
    ['bell\u0007', 'bell?'],
    ['csi\u009b2J', 'csi?2J'],
    ['tab\tand\nnewline', 'tab\tand\nnewline'],
    ['cr\r', 'cr?'],
  ])('%j → %j', (text, out) => {
    expect(withoutForeignControls(text)).toBe(out);
  });

  it('inspect and missions write such a name with ? in it', async () => {
    const name = path.join(dir, 'x\u001b[2J.txt');
    copyFileSync('fixtures/formats/sbs/readsb-utc.txt', name);
    for (const command of ['inspect', 'missions']) {
      const r = await runCli([command, name]);
      expect(r.stdout).not.toContain('\u001b[2J');
      expect(r.stdout).toContain('x?[2J.txt');
    }
  });
});
