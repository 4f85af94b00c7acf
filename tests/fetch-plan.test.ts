/** The pure parts of `sortie fetch`: release tags, copies of a day, the choice, resume decisions. */
import { describe, expect, it } from 'vitest';
import {
  adsbLolRankBytes,
  assetSets,
  chooseRelease,
  parseReleaseTag,
  podRole,
  releasesFromApi,
  splitSuffix,
  type Release,
} from '../src/fetch/adsblol-releases.js';
import { chooseDays } from '../src/fetch/adsblol-plan.js';
import { formatBytes } from '../src/fetch/bytes-text.js';
import { utcDays, utcHours, onWholeStep, DAY_MS } from '../src/fetch/days.js';
import { nextPageUrl } from '../src/fetch/github-releases.js';
import { fileOnDisk } from '../src/fetch/local-state.js';
import { openskyHourUrl } from '../src/fetch/opensky-dataset.js';
import { backoffMs, decide, rangeTotal } from '../src/fetch/response.js';
import { downloadLine } from '../src/cli/progress.js';

const SPLIT = 2_000_000_000;

/** A release of `day` and `pod` with assets `suffix → bytes` (`''` for the whole .tar). */
function release(
  day: string,
  pod: string,
  assets: Record<string, number>,
  repository = 'adsblol/globe_history_2025',
): Release {
  const tag = `v${day.replace(/-/g, '.')}-planes-readsb-${pod}`;
  return {
    tag,
    repository,
    day,
    pod: `planes-readsb-${pod}`,
    assets: Object.entries(assets).map(([suffix, bytes]) => ({
      name: `${tag}.tar${suffix === '' ? '' : `.${suffix}`}`,
      url: `https://example.invalid/${tag}.tar${suffix}`,
      bytes,
    })),
  };
}

describe('release tags and pods', () => {
  it.each([
    ['v2025.02.03-planes-readsb-prod-0', { day: '2025-02-03', pod: 'planes-readsb-prod-0' }],
    [
      'v2024.12.31-planes-readsb-mlatonly-0',
      { day: '2024-12-31', pod: 'planes-readsb-mlatonly-0' },
    ],
    [
      'v2025.05.23-planes-readsb-staging-0tmp',
      { day: '2025-05-23', pod: 'planes-readsb-staging-0tmp' },
    ],
    ['v2025.02.30-planes-readsb-prod-0', null],
    ['2025.02.03-planes-readsb-prod-0', null],
    ['v2025.02.03', null],
    ['latest', null],
  ])('%s', (tag, expected) => {
    expect(parseReleaseTag(tag)).toEqual(expected);
  });

  it.each([
    ['planes-readsb-prod-0', 'prod'],
    ['planes-readsb-prod-1', 'prod'],
    ['planes-readsb-staging-0tmp', 'staging'],
    ['planes-readsb-mlatonly-0', 'mlatonly'],
    ['planes-readsb-test-1', 'test'],
    ['something-else', 'something-else'],
  ])('pod %s has role %s', (pod, role) => {
    expect(podRole(pod)).toBe(role);
  });

  it('split suffixes run aa … az, ba as split names them', () => {
    expect([0, 1, 25, 26].map(splitSuffix)).toEqual(['aa', 'ab', 'az', 'ba']);
  });
});

describe('the copies of a day in one release', () => {
  it.each([
    ['one .tar', { '': 1_500_000_000 }, [['tar', 1_500_000_000, null]]],
    ['split parts', { aa: SPLIT, ab: 1_100_000_000 }, [['split', 3_100_000_000, null]]],
    [
      'both: the same day twice, two alternatives',
      { '': 2_008_000_000, aa: SPLIT, ab: 8_000_000 },
      [
        ['tar', 2_008_000_000, null],
        ['split', 2_008_000_000, null],
      ],
    ],
    [
      '.aa missing',
      { ab: 1_000_000 },
      [['split', 1_000_000, expect.stringMatching(/\.tar\.aa is missing$/)]],
    ],
    [
      'a middle part cut short',
      { aa: SPLIT, ab: 440_000_000, ac: 5 },
      [
        [
          'split',
          SPLIT + 440_000_005,
          expect.stringMatching(/\.tar\.ab is 440000000 bytes, where split made 2000000000$/),
        ],
      ],
    ],
    [
      'a last part longer than the others',
      { aa: 100, ab: 101 },
      [
        [
          'split',
          201,
          expect.stringMatching(/\.tar\.ab is 101 bytes, where split made at most 100$/),
        ],
      ],
    ],
    ['an empty .tar', { '': 0 }, [['tar', 0, expect.stringMatching(/is empty$/)]]],
  ])('%s', (_name, assets, expected) => {
    const sets = assetSets(release('2025-02-03', 'prod-0', assets));
    expect(sets.map((s) => [s.kind, s.bytes, s.problem])).toEqual(expected);
  });
});

describe('the release chosen for a day', () => {
  it('is the largest whole copy, as adsb.lol ranks them', () => {
    const c = chooseRelease(
      '2025-02-03',
      [
        release('2025-02-03', 'staging-0', { aa: SPLIT, ab: 245_000_000 }),
        release('2025-02-03', 'prod-0', { aa: SPLIT, ab: 246_000_000 }),
        release('2025-02-04', 'prod-0', { aa: SPLIT, ab: 900_000_000 }),
      ],
      null,
    );
    expect(c.release?.pod).toBe('planes-readsb-prod-0');
    expect(c.set?.files.map((f) => f.name.slice(-3))).toEqual(['.aa', '.ab']);
    expect(c.notes).toEqual([]);
  });

  it('counts a release carrying the day twice once (2024-04-22: 3831 MiB summed, 1915 MiB a copy)', () => {
    const doubled = release('2024-04-22', 'prod-0', {
      '': 2_008_000_000,
      aa: SPLIT,
      ab: 8_000_000,
    });
    const staging = release('2024-04-22', 'staging-0', { '': 2_017_000_000 });
    expect(adsbLolRankBytes(doubled)).toBe(4_016_000_000);
    const c = chooseRelease('2024-04-22', [doubled, staging], null);
    expect(c.release).toBe(staging);
    expect(c.notes).toEqual([
      `${doubled.tag} carries the day twice (.tar and .tar.aa–.tar.ab, 2.01 GB and 2.01 GB): one copy is fetched, .tar`,
      `adsb.lol's PREFERRED_RELEASES.txt picks ${doubled.tag} (4.02 GB, every .tar* asset summed); ${staging.tag} is the larger whole copy (2.02 GB)`,
    ]);
  });

  it('fetches one copy of a doubled release it chooses: the larger, the single .tar on a tie', () => {
    const c = chooseRelease(
      '2024-03-22',
      [release('2024-03-22', 'prod-0', { '': 2_008_000_000, aa: SPLIT, ab: 8_000_000 })],
      null,
    );
    expect(c.set?.kind).toBe('tar');
    const cutTar = chooseRelease(
      '2024-03-22',
      [release('2024-03-22', 'prod-0', { '': 1_000_000_000, aa: SPLIT, ab: 8_000_000 })],
      null,
    );
    expect(cutTar.set?.kind).toBe('split');
  });

  it('passes over a copy with a part missing, and says so', () => {
    const broken = release('2024-09-22', 'prod-0', { ab: 1_200_000_000 });
    const c = chooseRelease(
      '2024-09-22',
      [broken, release('2024-09-22', 'staging-0', { aa: SPLIT, ab: 100 })],
      null,
    );
    expect(c.release?.pod).toBe('planes-readsb-staging-0');
    expect(c.notes).toEqual([
      `${broken.tag}: ${broken.tag}.tar.aa is missing; that copy is not used`,
    ]);
  });

  it('prefers prod to staging when they are the same size', () => {
    const c = chooseRelease(
      '2025-02-03',
      [
        release('2025-02-03', 'staging-0', { '': 1000 }),
        release('2025-02-03', 'prod-0', { '': 1000 }),
      ],
      null,
    );
    expect(c.release?.pod).toBe('planes-readsb-prod-0');
  });

  it.each([
    [[], null, 'no release'],
    [
      [release('2025-12-20', 'mlatonly-0', { '': 90_000_000 })],
      null,
      "only planes-readsb-mlatonly-0 (MLAT only, not the day's traffic; --pod mlatonly fetches it)",
    ],
    [
      [release('2025-12-20', 'prod-0', { '': 90 })],
      ['staging'],
      'no release of pod staging (there is planes-readsb-prod-0)',
    ],
    [[release('2025-12-20', 'prod-0', { ab: 90 })], null, 'no whole copy in its releases'],
  ])('no release to fetch: %#', (releases, pods, missing) => {
    const c = chooseRelease('2025-12-20', releases, pods);
    expect(c.release).toBeNull();
    expect(c.missing).toBe(missing);
  });

  it('takes MLAT-only when --pod asks, and a pod by its full name', () => {
    const rs = [
      release('2025-12-20', 'mlatonly-0', { '': 9 }),
      release('2025-12-20', 'prod-1', { '': 10 }),
      release('2025-12-20', 'prod-0', { '': 8 }),
    ];
    expect(chooseRelease('2025-12-20', rs, ['mlatonly']).release?.pod).toBe(
      'planes-readsb-mlatonly-0',
    );
    expect(chooseRelease('2025-12-20', rs, ['planes-readsb-prod-0']).release?.pod).toBe(
      'planes-readsb-prod-0',
    );
    expect(chooseRelease('2025-12-20', rs, null).release?.pod).toBe('planes-readsb-prod-1');
  });
});

describe('the repositories asked', () => {
  it("asks the data year's repository, then the next year's only for days still without a release", async () => {
    const asked: string[] = [];
    const repos: Record<string, Release[]> = {
      'adsblol/globe_history_2025': [
        release('2025-12-26', 'prod-0', { '': 5 }),
        release('2025-12-27', 'mlatonly-0', { '': 1 }),
      ],
      'adsblol/globe_history_2026': [
        release('2025-12-27', 'prod-0', { '': 6 }, 'adsblol/globe_history_2026'),
        release('2025-12-26', 'staging-0', { '': 99 }, 'adsblol/globe_history_2026'),
      ],
    };
    const choices = await chooseDays(
      ['2025-12-26', '2025-12-27', '2025-12-28'],
      null,
      async (repo) => {
        asked.push(repo);
        return repos[repo] ?? null;
      },
    );
    expect(asked).toEqual(['adsblol/globe_history_2025', 'adsblol/globe_history_2026']);
    // 12-26 was found in 2025: the 2026 copy is not mixed in.
    expect(choices.map((c) => c.release?.repository ?? c.missing)).toEqual([
      'adsblol/globe_history_2025',
      'adsblol/globe_history_2026',
      'no release',
    ]);
  });

  it('reads GitHub release pages: drafts and other tags left out, bad answers named', () => {
    const page = [
      {
        tag_name: 'v2025.02.03-planes-readsb-prod-0',
        assets: [
          { name: 'v2025.02.03-planes-readsb-prod-0.tar', size: 12, browser_download_url: 'u' },
        ],
      },
      { tag_name: 'v2025.02.04-planes-readsb-prod-0', draft: true, assets: [] },
      { tag_name: 'nightly', assets: [] },
    ];
    expect(releasesFromApi(page, 'r').map((r) => [r.day, r.assets[0]?.bytes])).toEqual([
      ['2025-02-03', 12],
    ]);
    expect(() => releasesFromApi({ message: 'Not Found' }, 'r')).toThrow(
      'the releases answer is not a list',
    );
    expect(() =>
      releasesFromApi(
        [{ tag_name: 'v2025.02.03-planes-readsb-prod-0', assets: [{ name: 'x' }] }],
        'r',
      ),
    ).toThrow(
      'release v2025.02.03-planes-readsb-prod-0: an asset without name, size or download URL',
    );
  });

  it.each([
    [
      '<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=9>; rel="last"',
      'https://api.github.com/x?page=2',
    ],
    ['<https://api.github.com/x?page=1>; rel="prev"', null],
    [null, null],
  ])('Link %s → next %s', (link, next) => {
    expect(nextPageUrl(link)).toBe(next);
  });
});

describe('resuming a download', () => {
  it.each([
    [
      '206 from the byte asked',
      { status: 206, contentRange: 'bytes 100-999/1000', contentLength: '900' },
      100,
      { kind: 'append' },
    ],
    [
      '200: the whole file again',
      { status: 200, contentRange: null, contentLength: '1000' },
      100,
      { kind: 'restart' },
    ],
    [
      '200 of another size',
      { status: 200, contentRange: null, contentLength: '600' },
      0,
      { kind: 'mismatch', serverBytes: 600 },
    ],
    [
      '206 of another total',
      { status: 206, contentRange: 'bytes 100-599/600', contentLength: '500' },
      100,
      { kind: 'mismatch', serverBytes: 600 },
    ],
    [
      '206 from another byte',
      { status: 206, contentRange: 'bytes 0-999/1000', contentLength: '1000' },
      100,
      { kind: 'fail', reason: 'asked for bytes from 100, got bytes 0-999/1000' },
    ],
    [
      '416: the server file is shorter',
      { status: 416, contentRange: 'bytes */600', contentLength: null },
      600,
      { kind: 'mismatch', serverBytes: 600 },
    ],
    [
      '416 of the right size',
      { status: 416, contentRange: 'bytes */1000', contentLength: null },
      100,
      { kind: 'start over' },
    ],
    ['404', { status: 404, contentRange: null, contentLength: null }, 0, { kind: 'missing' }],
    [
      '503',
      { status: 503, contentRange: null, contentLength: null },
      0,
      { kind: 'retry', reason: 'HTTP 503' },
    ],
    [
      '429',
      { status: 429, contentRange: null, contentLength: null },
      0,
      { kind: 'retry', reason: 'HTTP 429' },
    ],
    [
      '403',
      { status: 403, contentRange: null, contentLength: null },
      0,
      { kind: 'fail', reason: 'HTTP 403' },
    ],
  ])('%s', (_name, answer, fromByte, expected) => {
    expect(decide(answer, 1000, fromByte)).toEqual(expected);
  });

  it('reads Content-Range totals', () => {
    expect([
      rangeTotal('bytes 0-9/10'),
      rangeTotal('bytes */77'),
      rangeTotal('bytes 0-9/*'),
      rangeTotal(null),
    ]).toEqual([10, 77, null, null]);
  });

  it('waits twice as long each time, up to a cap', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, 1000, 30_000))).toEqual([
      1000, 2000, 4000, 8000, 30_000,
    ]);
  });

  it.each([
    [
      { finalBytes: 1000, partBytes: null },
      { state: 'complete', haveBytes: 1000, needBytes: 0 },
    ],
    [
      { finalBytes: 999, partBytes: null },
      { state: 'in the way', haveBytes: 0, needBytes: 0 },
    ],
    [
      { finalBytes: null, partBytes: 400 },
      { state: 'partial', haveBytes: 400, needBytes: 600 },
    ],
    [
      { finalBytes: null, partBytes: 1400 },
      { state: 'absent', haveBytes: 0, needBytes: 1000 },
    ],
    [
      { finalBytes: null, partBytes: null },
      { state: 'absent', haveBytes: 0, needBytes: 1000 },
    ],
  ])('on disk %j', (local, expected) => {
    expect(fileOnDisk({ name: 'f', url: 'u', bytes: 1000 }, local)).toEqual(expected);
  });
});

describe('windows, names and units', () => {
  it('covers [from, to) in UTC days and hours', () => {
    const from = Date.UTC(2025, 0, 31);
    expect(
      utcDays(from, Date.UTC(2025, 1, 2)).map((t) => new Date(t).toISOString().slice(0, 10)),
    ).toEqual(['2025-01-31', '2025-02-01']);
    expect(utcHours(from, from + 3 * 3_600_000)).toHaveLength(3);
    expect([onWholeStep(from, DAY_MS), onWholeStep(from + 1, DAY_MS)]).toEqual([true, false]);
  });

  it("gives OpenSky's URL layout", () => {
    expect(
      openskyHourUrl(
        'https://s3.opensky-network.org/data-samples/states/',
        Date.UTC(2022, 5, 27, 15),
      ),
    ).toBe(
      'https://s3.opensky-network.org/data-samples/states/2022-06-27/15/states_2022-06-27-15.csv.tar',
    );
  });

  it.each([
    [812, '812 B'],
    [3_200, '3.2 kB'],
    [2_142_000_000, '2.14 GB'],
    [512_300_000, '512.3 MB'],
  ])('%d bytes read %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('draws a download progress line like the reading one, rate and time left from this run', () => {
    expect(
      downloadLine(
        { files: 4, filesDone: 1, bytes: 8e9, bytesDone: 4e9, bytesThisRun: 2e9 },
        100_000,
      ),
    ).toBe('sortie: [############------------]  50%  1/4 files  4000/8000 MB  20.0 MB/s  ETA 3:20');
  });
});
