import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  changedSinceLoaded,
  copyOfStored,
  otherCopiesLoaded,
  storedFiles,
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
      { day: '2025-02-03', paths: [`${tar}.aa`, `${tar}.ab`], shown: `${tar}.aa…ab` },
    ],
    [
      'a tar loaded through a link named after the release',
      '/h/download-7.tar|123|456',
      'v2025.02.03-planes-readsb-prod-0.tar',
      { day: '2025-02-03', paths: ['/h/download-7.tar'], shown: '/h/download-7.tar' },
    ],
    [
      'a folder named after the release, given by a relative name',
      `folder:${folder}`,
      'v2025.02.04-planes-readsb-staging-0/',
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
  ])('%s', (_, key, file, copy) => {
    expect(copyOfStored({ key, file })).toEqual(copy === null ? null : { key, ...copy });
  });

  it('another copy of the day is named once, by its recorded path; the same folder is none', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-db-copies-'));
    const real = path.join(dir, 'v2025.02.03-planes-readsb-prod-0');
    mkdirSync(real);
    const link = path.join(dir, 'v2025.02.03-planes-readsb-prod-0-link');
    symlinkSync(real, link);
    const copy = copyOfStored({ key: `folder:${real}`, file: 'v2025.02.03-planes-readsb-prod-0' });
    const folderSource: InputSource = {
      name: `${link}/`,
      open: () => {
        throw new Error('not read');
      },
      archive: { kind: 'globe-history', dir: link, day: '2025-02-03', releasePod: 'prod-0' },
    };
    expect(await otherCopiesLoaded(folderSource, [copy!], new Set())).toEqual([]);
    const tarFile = path.join(dir, 'v2025.02.03-planes-readsb-prod-0.tar');
    writeFileSync(tarFile, '');
    const tarSource: InputSource = {
      name: tarFile,
      open: folderSource.open,
      archive: { kind: 'tar', parts: [{ path: tarFile, size: 0 }], day: '2025-02-03' },
    };
    // Two loads of the folder from two working folders: one copy, named once.
    expect(await otherCopiesLoaded(tarSource, [copy!, copy!], new Set())).toEqual([`${real}/`]);
    expect(await otherCopiesLoaded(tarSource, [copy!], new Set([`folder:${real}`]))).toEqual([]);
  });
});

describe('a file loaded before in another state', () => {
  const stored = [
    { key: '/h/a.csv|10|1', file: 'a.csv' },
    { key: '/h/x.tar.aa|20|1;/h/x.tar.ab|5|1', file: '/h/x.tar' },
    { key: 'folder:/h/day', file: '/h/day' },
  ];
  const files = storedFiles(stored);
  it.each([
    ['the same file, the same state', '/h/a.csv|10|1', false],
    ['the same file grown', '/h/a.csv|12|2', true],
    ['a part of a split set downloaded again', '/h/x.tar.aa|20|9;/h/x.tar.ab|5|1', true],
    ['another file', '/h/b.csv|10|1', false],
    ['a folder', 'folder:/h/day', false],
  ])('%s', (_, key, changed) => {
    expect(changedSinceLoaded(key, files)).toBe(changed);
  });
});
