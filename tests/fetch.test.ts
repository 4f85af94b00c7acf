/**
 * `sortie fetch` end to end against a loopback server: a fake GitHub releases API and generated
 * archives of adsb.lol's and OpenSky's shapes, with a dropped connection, a day without a release,
 * a cut part, a release carrying the day twice, a day with only an MLAT-only release and a file
 * gone from the server. No real host is contacted.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from './helpers.js';
import {
  LoopbackServer,
  apiRelease,
  dayTar,
  openskyHourTar,
  splitParts,
  type Asset,
} from './fetch-kit.js';

/** The split size of these tests' releases (adsb.lol's is 2,000,000,000 bytes). */
const PART_BYTES = 65_536;
const ENV = { SORTIE_FETCH_RETRY_MS: '1' };

const server = new LoopbackServer();
const tars = new Map<string, Buffer>();
const temps: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-fetch-'));
  temps.push(dir);
  return dir;
}

/** A release's assets: the tar whole, split, or both. */
function assetsOf(tag: string, tar: Buffer, as: 'tar' | 'split' | 'both'): Asset[] {
  tars.set(tag, tar);
  const whole = [{ name: `${tag}.tar`, data: tar }];
  const parts = splitParts(`${tag}.tar`, tar, PART_BYTES);
  return as === 'tar' ? whole : as === 'split' ? parts : [...whole, ...parts];
}

const prod = (day: string): string => `v${day.replace(/-/g, '.')}-planes-readsb-prod-0`;
const staging = (day: string): string => `v${day.replace(/-/g, '.')}-planes-readsb-staging-0`;
const mlat = (day: string): string => `v${day.replace(/-/g, '.')}-planes-readsb-mlatonly-0`;

beforeAll(async () => {
  await server.start();
  const cut = splitParts(`${prod('2025-01-26')}.tar`, dayTar('2025-01-26', 12, 26), PART_BYTES);
  const releases = [
    // Uploaded in 2025: the repository year is the upload year, not the data's.
    apiRelease(
      server,
      prod('2024-12-31'),
      assetsOf(prod('2024-12-31'), dayTar('2024-12-31', 5, 1), 'tar'),
    ),
    apiRelease(
      server,
      prod('2025-01-20'),
      assetsOf(prod('2025-01-20'), dayTar('2025-01-20', 14, 20), 'split'),
    ),
    apiRelease(
      server,
      staging('2025-01-20'),
      assetsOf(staging('2025-01-20'), dayTar('2025-01-20', 12, 21), 'split'),
    ),
    apiRelease(
      server,
      prod('2025-01-21'),
      assetsOf(prod('2025-01-21'), dayTar('2025-01-21', 10, 22), 'tar').map((a) => ({
        ...a,
        misbehave: 'drop-once' as const,
      })),
    ),
    // The day twice in prod (the sum would double it); staging's one copy is larger than prod's one.
    apiRelease(
      server,
      prod('2025-01-22'),
      assetsOf(prod('2025-01-22'), dayTar('2025-01-22', 9, 23), 'both'),
    ),
    apiRelease(
      server,
      staging('2025-01-22'),
      assetsOf(staging('2025-01-22'), dayTar('2025-01-22', 11, 24), 'tar'),
    ),
    apiRelease(
      server,
      prod('2025-01-23'),
      assetsOf(prod('2025-01-23'), dayTar('2025-01-23', 9, 25), 'both'),
    ),
    apiRelease(
      server,
      mlat('2025-01-23'),
      assetsOf(mlat('2025-01-23'), dayTar('2025-01-23', 2, 26), 'tar'),
    ),
    // 2025-01-24: no release at all.
    apiRelease(
      server,
      mlat('2025-01-25'),
      assetsOf(mlat('2025-01-25'), dayTar('2025-01-25', 2, 27), 'tar'),
    ),
    // The second part was cut on upload: the server has fewer bytes than the release lists.
    apiRelease(server, prod('2025-01-26'), [
      cut[0] as Asset,
      { ...(cut[1] as Asset), misbehave: 'cut', servedBytes: 1000 },
    ]),
    apiRelease(
      server,
      prod('2025-01-27'),
      assetsOf(prod('2025-01-27'), dayTar('2025-01-27', 3, 28), 'tar').map((a) => ({
        ...a,
        misbehave: 'missing' as const,
      })),
    ),
  ];
  // Two pages, newest first, as GitHub lists them.
  const base = '/repos/adsblol/globe_history_2025/releases?per_page=100';
  server.pages.set(base, { json: releases.slice(6).reverse(), next: `${base}&page=2` });
  server.pages.set(`${base}&page=2`, { json: releases.slice(0, 6).reverse() });
});

afterAll(async () => {
  await server.stop();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const WINDOW = ['--from', '2025-01-20', '--to', '2025-01-28'];
const fetchArgs = (dir: string, ...more: string[]) => [
  'fetch',
  'adsblol',
  ...WINDOW,
  '--dir',
  dir,
  '--base-url',
  server.url,
  ...more,
];

/** The bytes of a release's files in `dir`, joined in order (a split day read as one stream). */
function joined(dir: string, tag: string): Buffer {
  const names = readdirSync(dir)
    .filter((f) => f.startsWith(`${tag}.tar`))
    .sort();
  const whole = names.filter((n) => n === `${tag}.tar`);
  return Buffer.concat(
    (whole.length > 0 ? whole : names).map((n) => readFileSync(path.join(dir, n))),
  );
}

describe('sortie fetch adsblol --dry-run', () => {
  it('lists each day: the preferred release, its URLs and sizes, the days without; downloads nothing', async () => {
    const dir = path.join(tempDir(), 'history');
    const before = server.log.length;
    const r = await runCli(fetchArgs(dir, '--dry-run'), ENV);
    expect(r.code, r.stderr).toBe(3);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Day\s+Pod\s+URL\s+Size\s+State$/);
    const row = (day: string) => lines.filter((l) => l.startsWith(day));
    expect(row('2025-01-21')).toEqual([
      expect.stringMatching(
        new RegExp(
          `prod-0\\s+${server.url}/download/${prod('2025-01-21')}/${prod('2025-01-21')}.tar\\s+[\\d.]+ kB\\s+to fetch$`,
        ),
      ),
    ]);
    expect(row('2025-01-20')).toHaveLength(
      Math.ceil((tars.get(prod('2025-01-20'))?.length ?? 0) / PART_BYTES),
    );
    expect(row('2025-01-20').every((l) => l.includes('prod-0'))).toBe(true);
    expect(row('2025-01-22')).toEqual([expect.stringContaining(`${staging('2025-01-22')}.tar `)]);
    expect(row('2025-01-23')).toEqual([expect.stringContaining(`${prod('2025-01-23')}.tar `)]);
    expect(row('2025-01-24')).toEqual([
      expect.stringMatching(/^2025-01-24\s+-\s+-\s+-\s+no release$/),
    ]);
    expect(row('2025-01-25')[0]).toContain(
      "only planes-readsb-mlatonly-0 (MLAT only, not the day's traffic; --pod mlatonly fetches it)",
    );
    expect(r.stdout).toContain('8 days: 6 with files (');
    expect(r.stdout).toContain('), 2 without.');
    expect(r.stdout).toMatch(
      /Already in .*history: 0 B; to download: [\d.]+ [kMG]B; free there: [\d.]+ [GMT]B\./,
    );
    expect(r.stdout).toContain(
      `2025-01-22: adsb.lol's PREFERRED_RELEASES.txt picks ${prod('2025-01-22')}`,
    );
    expect(r.stdout).toContain(
      `2025-01-23: ${prod('2025-01-23')} carries the day twice (.tar and .tar.aa–.tar.ab`,
    );
    expect(r.stdout).toContain('Open Database License (ODbL 1.0');
    // Warnings reach standard error too, for scripts reading any format.
    expect(r.stderr).toContain('sortie: warning: 2025-01-24: no release');
    expect(existsSync(dir)).toBe(false);
    const asked = server.log.slice(before);
    expect(asked.filter((q) => q.path.startsWith('/download/'))).toEqual([]);
    // The data year's repository, both its pages, and the next year's for the days still missing.
    expect(asked.map((q) => q.path)).toEqual([
      '/repos/adsblol/globe_history_2025/releases?per_page=100',
      '/repos/adsblol/globe_history_2025/releases?per_page=100&page=2',
      '/repos/adsblol/globe_history_2026/releases?per_page=100',
    ]);
  });

  it('--format json gives the same plan, with totals, warnings and the terms', async () => {
    const r = await runCli(fetchArgs(tempDir(), '--dry-run', '--format', 'json'), ENV);
    expect(r.code).toBe(3);
    const json = JSON.parse(r.stdout) as {
      schema: string;
      outcome: string;
      items: {
        when: string;
        release: string | null;
        missing: string | null;
        files: { name: string; bytes: number; status: string }[];
      }[];
      totals: { items: number; itemsMissing: number; needBytes: number };
      warnings: string[];
      terms: string;
    };
    expect(json.schema).toBe('sortie.fetch/1');
    expect(json.outcome).toBe('incomplete');
    expect(json.items.map((i) => i.when)).toHaveLength(8);
    expect(json.items.find((i) => i.when === '2025-01-22')?.release).toBe(staging('2025-01-22'));
    expect(json.items.find((i) => i.when === '2025-01-24')?.missing).toBe('no release');
    expect(json.totals.itemsMissing).toBe(2);
    const listed = json.items.flatMap((i) => i.files).reduce((s, f) => s + f.bytes, 0);
    expect(json.totals.needBytes).toBe(listed);
    expect(json.warnings).toContain('2025-01-24: no release');
    expect(json.terms).toMatch(/ODbL/);
  });
});

describe('sortie fetch adsblol', () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'sortie-fetch-')), 'history');
  temps.push(path.dirname(dir));

  it('downloads the preferred copy of each day; a dropped connection resumes from the byte reached; a cut part fails alone', async () => {
    const before = server.log.length;
    const r = await runCli(fetchArgs(dir), ENV);
    // A part failed: 1 outranks the days without a release (3).
    expect(r.code, r.stderr).toBe(1);
    for (const tag of [
      prod('2025-01-20'),
      prod('2025-01-21'),
      staging('2025-01-22'),
      prod('2025-01-23'),
    ]) {
      expect(joined(dir, tag).equals(tars.get(tag) as Buffer), tag).toBe(true);
    }
    // Resumed where the connection dropped: half the file, then the rest by Range.
    const tar21 = tars.get(prod('2025-01-21')) as Buffer;
    expect(
      server.getsOf(`${prod('2025-01-21')}.tar`).map((q) => q.range),
      r.stderr,
    ).toEqual([null, `bytes=${Math.floor(tar21.length / 2)}-`]);
    expect(r.stderr).toMatch(
      new RegExp(
        `sortie: ${prod('2025-01-21')}.tar: connection dropped \\(.*\\) at byte ${Math.floor(tar21.length / 2)} of ${tar21.length}; resuming in 1 ms`,
      ),
    );
    // One copy of a day carried twice: the .tar alone, not its parts as well.
    const files = readdirSync(dir).sort();
    expect(files.filter((f) => f.startsWith(prod('2025-01-23')))).toEqual([
      `${prod('2025-01-23')}.tar`,
    ]);
    expect(
      server.log.slice(before).filter((q) => q.path.includes(`${prod('2025-01-23')}.tar.a`)),
    ).toEqual([]);
    expect(files.some((f) => f.includes('mlatonly') || f.includes(staging('2025-01-20')))).toBe(
      false,
    );
    // The cut part: named, not kept under its name nor as .part; its whole sibling is kept.
    expect(files.filter((f) => f.startsWith(prod('2025-01-26')))).toEqual([
      `${prod('2025-01-26')}.tar.aa`,
    ]);
    expect(r.stderr).toContain(
      `sortie: warning: 2025-01-26: ${prod('2025-01-26')}.tar.ab: the server has 1000 bytes, the listing says`,
    );
    expect(r.stderr).toContain(
      `sortie: warning: 2025-01-27: ${prod('2025-01-27')}.tar: not found at ${server.url}/download/`,
    );
    expect(files.filter((f) => f.endsWith('.part'))).toEqual([]);
    const row = (day: string) => r.stdout.split('\n').filter((l) => l.startsWith(day));
    expect(row('2025-01-21')).toEqual([
      expect.stringMatching(
        new RegExp(`prod-0\\s+${prod('2025-01-21')}.tar\\s+[\\d.]+ kB\\s+fetched$`),
      ),
    ]);
    expect(row('2025-01-26').map((l) => l.split(/\s+/).at(-1))).toEqual(['fetched', 'failed']);
    expect(row('2025-01-27')).toEqual([expect.stringMatching(/not found$/)]);
    expect(r.stdout).toMatch(
      /Fetched 7 files \([\d.]+ kB\) into .*; 0 already there; 1 failed; 1 not found\./,
    );
    expect(r.stderr).toMatch(
      /^sortie: 9 files to fetch, [\d.]+ kB into .* \(0 B already there; [\d.]+ [GMT]B free\)$/m,
    );
  });

  it('run again, skips the files already whole and asks only for those still missing', async () => {
    const before = server.log.length;
    const r = await runCli(fetchArgs(dir), ENV);
    expect(r.code).toBe(1);
    const downloads = server.log.slice(before).filter((q) => q.path.startsWith('/download/'));
    expect(downloads.map((q) => path.basename(q.path)).sort()).toEqual([
      `${prod('2025-01-26')}.tar.ab`,
      `${prod('2025-01-27')}.tar`,
    ]);
    expect(r.stdout).toMatch(
      /Fetched 0 files \(0 B\) into .*; 7 already there; 1 failed; 1 not found\./,
    );
    expect(
      r.stdout
        .split('\n')
        .filter((l) => l.startsWith('2025-01-20'))
        .every((l) => l.endsWith('already here')),
    ).toBe(true);
  });

  it('a dry run over what is here says so, and the space left to download', async () => {
    const r = await runCli(fetchArgs(dir, '--dry-run', '--format', 'json'), ENV);
    const json = JSON.parse(r.stdout) as {
      totals: { haveBytes: number; needBytes: number; alreadyHere: number };
    };
    expect(json.totals.alreadyHere).toBe(7);
    expect(json.totals.needBytes).toBe(
      (tars.get(prod('2025-01-27')) as Buffer).length +
        (server.files.get(`/download/${prod('2025-01-26')}/${prod('2025-01-26')}.tar.ab`)?.data
          .length ?? NaN),
    );
  });
});

describe('sortie fetch adsblol: resuming, retrying, refusing', () => {
  const day20 = ['--from', '2025-01-20', '--to', '2025-01-21'];
  const aa = `${prod('2025-01-20')}.tar.aa`;
  const served = () =>
    server.files.get(`/download/${prod('2025-01-20')}/${aa}`) as Asset & { misbehave?: string };

  it('continues a .part file left by an earlier run (Range from its length)', async () => {
    const dir = tempDir();
    const whole = served().data;
    writeFileSync(path.join(dir, `${aa}.part`), whole.subarray(0, 1000));
    const before = server.log.length;
    const r = await runCli(
      ['fetch', 'adsblol', ...day20, '--dir', dir, '--base-url', server.url],
      ENV,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(
      server.log
        .slice(before)
        .filter((q) => q.path.endsWith(aa))
        .map((q) => q.range),
    ).toEqual(['bytes=1000-']);
    expect(readFileSync(path.join(dir, aa)).equals(whole)).toBe(true);
    expect(existsSync(path.join(dir, `${aa}.part`))).toBe(false);
  });

  it('follows a redirect to the storage host, Range kept (as GitHub answers download URLs)', async () => {
    const dir = tempDir();
    const whole = served().data;
    const tag = prod('2025-02-01');
    server.redirects.set(`/download/${tag}/${tag}.tar.aa`, `/download/${prod('2025-01-20')}/${aa}`);
    const before = server.log.length;
    const big = new LoopbackServer();
    await big.start();
    try {
      big.pages.set('/repos/adsblol/globe_history_2025/releases?per_page=100', {
        json: [
          {
            tag_name: tag,
            assets: [
              {
                name: `${tag}.tar.aa`,
                size: whole.length,
                browser_download_url: `${server.url}/download/${tag}/${tag}.tar.aa`,
              },
            ],
          },
        ],
      });
      writeFileSync(path.join(dir, `${tag}.tar.aa.part`), whole.subarray(0, 5000));
      const r = await runCli(
        [
          'fetch',
          'adsblol',
          '--from',
          '2025-02-01',
          '--to',
          '2025-02-02',
          '--dir',
          dir,
          '--base-url',
          big.url,
        ],
        ENV,
      );
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(path.join(dir, `${tag}.tar.aa`)).equals(whole)).toBe(true);
      expect(server.log.slice(before).map((q) => [q.path.split('/')[2], q.range])).toEqual([
        [tag, 'bytes=5000-'],
        [prod('2025-01-20'), 'bytes=5000-'],
      ]);
    } finally {
      await big.stop();
    }
  });

  it('starts over when the server ignores Range and sends the whole file', async () => {
    const dir = tempDir();
    const whole = served().data;
    writeFileSync(path.join(dir, `${aa}.part`), whole.subarray(0, 1000));
    server.files.set(`/download/${prod('2025-01-20')}/${aa}`, {
      ...served(),
      misbehave: 'ignore-range',
    });
    try {
      const r = await runCli(
        ['fetch', 'adsblol', ...day20, '--dir', dir, '--base-url', server.url],
        ENV,
      );
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(path.join(dir, aa)).equals(whole)).toBe(true);
    } finally {
      server.files.set(`/download/${prod('2025-01-20')}/${aa}`, { data: whole });
    }
  });

  it('gives up after --retries failures without progress', async () => {
    const dir = tempDir();
    const whole = served().data;
    server.files.set(`/download/${prod('2025-01-20')}/${aa}`, {
      ...served(),
      misbehave: 'always-drop',
    });
    const before = server.log.length;
    try {
      const r = await runCli(
        ['fetch', 'adsblol', ...day20, '--dir', dir, '--base-url', server.url, '--retries', '2'],
        ENV,
      );
      expect(r.code).toBe(1);
      expect(server.log.slice(before).filter((q) => q.path.endsWith(aa))).toHaveLength(3);
      expect(r.stderr).toMatch(
        new RegExp(
          `sortie: warning: 2025-01-20: ${aa}: request failed \\(ECONNRESET\\) at byte 0 of ${whole.length}, 3 times in a row; run the command again to try later$`,
          'm',
        ),
      );
      expect(existsSync(path.join(dir, aa))).toBe(false);
    } finally {
      server.files.set(`/download/${prod('2025-01-20')}/${aa}`, { data: whole });
    }
  });

  it('fetches an MLAT-only day when --pod asks for it', async () => {
    const dir = tempDir();
    const r = await runCli(
      [
        'fetch',
        'adsblol',
        '--from',
        '2025-01-25',
        '--to',
        '2025-01-26',
        '--dir',
        dir,
        '--base-url',
        server.url,
        '--pod',
        'mlatonly',
      ],
      ENV,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual([`${mlat('2025-01-25')}.tar`]);
  });

  it("finds a day in the next year's repository (uploaded after New Year)", async () => {
    const dir = tempDir();
    const before = server.log.length;
    const r = await runCli(
      [
        'fetch',
        'adsblol',
        '--from',
        '2024-12-31',
        '--to',
        '2025-01-01',
        '--dir',
        dir,
        '--base-url',
        server.url,
      ],
      ENV,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(
      readFileSync(path.join(dir, `${prod('2024-12-31')}.tar`)).equals(
        tars.get(prod('2024-12-31')) as Buffer,
      ),
    ).toBe(true);
    expect(
      server.log
        .slice(before)
        .filter((q) => q.path.startsWith('/repos/'))
        .map((q) => q.path.split('/')[3]),
    ).toEqual(['globe_history_2024', 'globe_history_2025', 'globe_history_2025']);
  });

  it('refuses, before downloading, a window that does not fit on the disk', async () => {
    const big = new LoopbackServer();
    await big.start();
    try {
      const tag = prod('2030-06-01');
      big.pages.set('/repos/adsblol/globe_history_2030/releases?per_page=100', {
        json: [
          {
            tag_name: tag,
            assets: [{ name: `${tag}.tar`, size: 4e15, browser_download_url: `${big.url}/x.tar` }],
          },
        ],
      });
      const dir = path.join(tempDir(), 'new');
      const r = await runCli(
        [
          'fetch',
          'adsblol',
          '--from',
          '2030-06-01',
          '--to',
          '2030-06-02',
          '--dir',
          dir,
          '--base-url',
          big.url,
        ],
        ENV,
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^sortie: .*new: the download needs 4000000\.00 GB and [\d.]+ [GMT]B is free there: free some space or choose another --dir \(--dry-run lists the files\)\n$/,
      );
      expect(r.stdout).toBe('');
      expect(existsSync(dir)).toBe(false);
      expect(big.log.filter((q) => !q.path.startsWith('/repos/'))).toEqual([]);
    } finally {
      await big.stop();
    }
  });

  it('leaves alone a file of another size under a final name, and says so', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, aa), 'not the part');
    const r = await runCli(
      ['fetch', 'adsblol', ...day20, '--dir', dir, '--base-url', server.url],
      ENV,
    );
    expect(r.code).toBe(1);
    expect(readFileSync(path.join(dir, aa), 'utf8')).toBe('not the part');
    expect(r.stderr).toContain(
      `${aa} is already there but not of the ${served().data.length} bytes listed: left alone`,
    );
  });
});

describe('sortie fetch opensky-dataset', () => {
  const hours = ['00', '01', '02'];
  beforeAll(() => {
    for (const h of hours) {
      server.files.set(`/states/2022-06-27/${h}/states_2022-06-27-${h}.csv.tar`, {
        data: openskyHourTar(`2022-06-27-${h}`, 2000),
      });
    }
  });

  it('downloads each hour of the window from the layout <day>/<HH>/states_<day>-<HH>.csv.tar; a missing hour exits 3', async () => {
    const dir = tempDir();
    const r = await runCli(
      [
        'fetch',
        'opensky-dataset',
        '--from',
        '2022-06-27T00:00Z',
        '--to',
        '2022-06-27T04:00Z',
        '--dir',
        dir,
      ],
      { ...ENV, SORTIE_FETCH_BASE_URL: `${server.url}/states` },
    );
    expect(r.code, r.stderr).toBe(3);
    expect(readdirSync(dir).sort()).toEqual(hours.map((h) => `states_2022-06-27-${h}.csv.tar`));
    for (const h of hours) {
      const file = readFileSync(path.join(dir, `states_2022-06-27-${h}.csv.tar`));
      expect(
        file.equals(
          server.files.get(`/states/2022-06-27/${h}/states_2022-06-27-${h}.csv.tar`)
            ?.data as Buffer,
        ),
      ).toBe(true);
    }
    expect(r.stdout.split('\n')[0]).toMatch(/^Hour \(UTC\)\s+File\s+Size\s+State$/);
    expect(r.stdout).toMatch(/^2022-06-27 03:00\s+-\s+-\s+not in the dataset \(HTTP 404\)$/m);
    expect(r.stdout).toContain("The OpenSky Network's terms apply");
    expect(r.stderr).toContain('sortie: warning: 2022-06-27 03:00: not in the dataset (HTTP 404)');
  });

  it('--dry-run lists the hours with their URLs and sizes (from HEAD requests)', async () => {
    const before = server.log.length;
    const r = await runCli(
      [
        'fetch',
        'opensky-dataset',
        '--from',
        '2022-06-27',
        '--to',
        '2022-06-27T03:00Z',
        '--dry-run',
        '--base-url',
        `${server.url}/states`,
      ],
      ENV,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${server.url}/states/2022-06-27/01/states_2022-06-27-01.csv.tar`);
    expect(server.log.slice(before).map((q) => q.method)).toEqual(['HEAD', 'HEAD', 'HEAD']);
  });
});

describe('sortie fetch: a server that cannot be reached', () => {
  it('says what the network error means beside its code, and exits 1', async () => {
    // A loopback port nobody listens on: the connection is refused at once.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const dir = path.join(tempDir(), 'history');
    const r = await runCli(
      ['fetch', 'adsblol', ...WINDOW, '--dir', dir, '--dry-run', '--retries', '1'],
      { ...ENV, SORTIE_FETCH_BASE_URL: `http://127.0.0.1:${port}` },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/: ECONNREFUSED, connection refused; trying again in 1 ms$/m);
    expect(r.stderr).toMatch(/: ECONNREFUSED, connection refused \(tried 2 times\)$/m);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('sortie fetch: a host whose name does not resolve', () => {
  it('fails at once, in one line, without trying again (no network: each wait would be longer)', async () => {
    // No lookup is made: fetch fails as undici does when the name does not resolve.
    const failing = vi.fn(() =>
      Promise.reject(
        Object.assign(new TypeError('fetch failed'), {
          cause: Object.assign(new Error('getaddrinfo ENOTFOUND example.invalid'), {
            code: 'ENOTFOUND',
          }),
        }),
      ),
    );
    vi.stubGlobal('fetch', failing);
    try {
      const dir = path.join(tempDir(), 'history');
      const r = await runCli(
        ['fetch', 'adsblol', ...WINDOW, '--dir', dir, '--dry-run', '--retries', '5'],
        { ...ENV, SORTIE_FETCH_BASE_URL: 'http://example.invalid' },
      );
      expect(r.code).toBe(1);
      expect(failing).toHaveBeenCalledTimes(1);
      expect(r.stderr).not.toMatch(/trying again/);
      expect(r.stderr).toMatch(
        /: ENOTFOUND, host not found: no network, or its name does not resolve$/m,
      );
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('sortie fetch: a port fetch never connects to', () => {
  it('fails at once, in one line: trying again cannot mend it', async () => {
    // Port 9 is on the Fetch standard's list of bad ports: refused before any connection.
    const dir = path.join(tempDir(), 'history');
    const r = await runCli(
      ['fetch', 'adsblol', ...WINDOW, '--dir', dir, '--dry-run', '--retries', '5'],
      { ...ENV, SORTIE_FETCH_BASE_URL: 'http://127.0.0.1:9' },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/trying again/);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^sortie: http:\/\/127\.0\.0\.1:9\/.*: bad port$/),
    ]);
  });
});

describe('sortie fetch usage errors: exit 2 before any request', () => {
  it.each([
    [
      ['adsblol', '--from', '2025-01-20T06:00Z', '--to', '2025-01-21'],
      /--from 2025-01-20T06:00Z: adsblol is published by whole UTC days; give a date/,
    ],
    [['opensky-dataset', '--from', '2022-06-27T00:30Z', '--to', '2022-06-28'], /whole UTC hours/],
    [
      ['adsblol', '--from', '2025-01-21', '--to', '2025-01-20'],
      /nothing to fetch: --from 2025-01-21 is not before --to 2025-01-20/,
    ],
    [
      ['adsblol', '--from', 'yesterday', '--to', '2025-01-20'],
      /option '--from': "yesterday" is not a date/,
    ],
    [['adsblol', '--to', '2025-01-20'], /required option '--from <date>' not specified/],
    [
      ['opensky-dataset', '--from', '2022-06-27', '--to', '2022-06-28', '--pod', 'prod'],
      /--pod is for adsblol only/,
    ],
    [
      ['adsblol', '--from', '2025-01-20', '--to', '2025-01-21', '--base-url', 'ftp://x'],
      /--base-url "ftp:\/\/x" is not an http or https URL/,
    ],
    [['adsblol', '--from', '2025-01-20', '--to', '2025-01-21', '--retries', '-1'], /--retries/],
    [
      ['flightradar', '--from', '2025-01-20', '--to', '2025-01-21'],
      /value 'flightradar' is invalid for argument 'source'\. Allowed choices are adsblol, opensky-dataset/,
    ],
  ])('%j', async (args, message) => {
    const before = server.log.length;
    const r = await runCli(
      ['fetch', ...(args as string[]), '--base-url', server.url].slice(
        0,
        args.includes('--base-url') ? -2 : undefined,
      ),
      ENV,
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toMatch(/^sortie: /);
    expect(r.stderr.split('\n')[0]).toMatch(message);
    expect(server.log.length).toBe(before);
  });
});
