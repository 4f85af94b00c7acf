import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addLoadedFolders,
  copyOfStored,
  otherCopiesLoaded,
  sameFolderLoaded,
  type LoadedFolders,
} from '../src/cli/commands/db-day-copies.js';
import type { InputSource } from '../src/ingest/collect.js';

describe('the copy of an adsb.lol day a stored input is', () => {
  const tar = '/h/v2025.02.03-planes-readsb-prod-0.tar';
  const folder = '/h/v2025.02.04-planes-readsb-staging-0';
  it.each([
    ['a release tar', `${tar}|123|456`, tar, { day: '2025-02-03', paths: [tar], shown: tar }],
    [
      'a split set, by its parts',
      `${tar}.aa|2000000000|1;${tar}.ab|5|1`,
      tar,
      { day: '2025-02-03', paths: [`${tar}.aa`, `${tar}.ab`], shown: tar },
    ],
    [
      'a tar loaded through a link named after the release',
      '/h/download-7.tar|123|456',
      tar,
      { day: '2025-02-03', paths: ['/h/download-7.tar'], shown: tar },
    ],
    [
      'a folder named after the release',
      `folder:${folder}`,
      `${folder}/`,
      { day: '2025-02-04', paths: [folder], shown: `${folder}/` },
    ],
    ['a folder dated by its traces', `folder:${folder}|2025-02-04`, folder, null],
    [
      "a receiver's day",
      'folder:/var/globe_history/2025/02/03',
      '/var/globe_history/2025/02/03',
      null,
    ],
    ['a plain file', '/h/states_2025-02-03-14.csv.gz|10|1', '/h/states_2025-02-03-14.csv.gz', null],
    ['standard input', 'sha256:0a1b', '-', null],
  ])('%s', async (_, key, file, copy) => {
    expect(await copyOfStored({ key, file })).toEqual(copy === null ? null : { key, ...copy });
  });

  it('a folder loaded through a link named otherwise is dated by the folder it leads to', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-db-copies-'));
    const real = path.join(dir, 'v2025.02.03-planes-readsb-prod-0');
    mkdirSync(real);
    const today = path.join(dir, 'today');
    symlinkSync(real, today);
    const copy = await copyOfStored({ key: `folder:${today}`, file: today });
    expect(copy).toEqual({
      key: `folder:${today}`,
      day: '2025-02-03',
      paths: [real],
      shown: `${today}/`,
    });
    // Read again under its own name: the same folder, loaded before (not another copy).
    const loaded: LoadedFolders = new Map();
    await addLoadedFolders(loaded, [`folder:${today}`, `${dir}/x.tar|1|2`]);
    expect(await sameFolderLoaded(`folder:${real}`, loaded)).toBe(`folder:${today}`);
    expect(await sameFolderLoaded(`folder:${real}|2025-02-03`, loaded)).toBeNull();
    const source: InputSource = {
      name: real,
      open: () => {
        throw new Error('not read');
      },
      archive: { kind: 'globe-history', dir: real, day: '2025-02-03', releasePod: 'prod-0' },
    };
    expect(await otherCopiesLoaded(source, [copy!], new Set())).toEqual([]);
    // Its tar, read now: the folder loaded before is another copy, unless a warning named it.
    const tarFile = path.join(dir, 'v2025.02.03-planes-readsb-prod-0.tar');
    writeFileSync(tarFile, '');
    const tarSource: InputSource = {
      name: tarFile,
      open: source.open,
      archive: { kind: 'tar', parts: [{ path: tarFile, size: 0 }], day: '2025-02-03' },
    };
    expect(await otherCopiesLoaded(tarSource, [copy!], new Set())).toEqual([`${today}/`]);
    expect(await otherCopiesLoaded(tarSource, [copy!], new Set([`folder:${today}`]))).toEqual([]);
  });
});
