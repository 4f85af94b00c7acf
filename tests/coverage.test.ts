import { describe, expect, it } from 'vitest';
import {
  COVERAGE_MARGIN_DEG,
  coverageCollector,
  coverageGaps,
  coveredMs,
  type Coverage,
} from '../src/coverage/coverage.js';
import { ingest } from '../src/ingest/collect.js';
import type { Mission } from '../src/missions/types.js';
import { measuredBaseline, statedBaseline } from '../src/report/baseline.js';
import { buildCountReport } from '../src/report/build-report.js';
import { findOutages } from '../src/coverage/outages.js';
import { exposureSentence } from '../src/report/verdict.js';
import { fix, textSource } from './helpers.js';

const ms = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;
const GULF_BBOX = [-115.03, 22.87, -106.79, 31.97] as const;

/** Coverage made of whole UTC hours starting at the given instants. */
function hoursFrom(...isos: string[]): Coverage {
  const hours = isos.map((iso) => Math.floor(ms(iso) / HOUR));
  const heard = { hours, otherTrafficHours: hours };
  return { bbox: GULF_BBOX, marginDeg: 1, ...heard, bySource: new Map([[0, heard]]) };
}

const mission = (iso: string, hex = 'ae6881'): Mission =>
  ({
    id: `${hex}-${iso}`,
    aircraft: { hex, type: 'P8', registration: null, operator: null, description: null },
    firstEntry: { timeMs: ms(iso), lat: 27, lon: -111, fileIndex: 0, line: 1 },
    utcDatesInRegion: [iso.slice(0, 10)],
  }) as unknown as Mission;

describe('coverageCollector', () => {
  it('counts the hours with a report inside the region box widened by the margin', () => {
    const c = coverageCollector(GULF_BBOX);
    const at = (iso: string, lat: number, lon: number) => fix({ timeMs: ms(iso), lat, lon });
    c.add(at('2025-02-01T10:15:00Z', 27, -111), false); // inside the region
    c.add(at('2025-02-01T10:59:59Z', 27, -111), false); // same hour
    c.add(at('2025-02-01T12:00:00Z', 32.9, -115.9), true); // within 1° of the box: near
    c.add(at('2025-02-01T13:30:00Z', 33.5, -112.0), false); // Phoenix: too far north
    c.add(at('2025-02-01T14:30:00Z', 27, -117.5), false); // Pacific, 2.5° west of the box
    const r = c.result();
    expect(r.marginDeg).toBe(COVERAGE_MARGIN_DEG);
    expect(r.bbox).toEqual([-116.03, 21.87, -105.79, 32.97]);
    expect(r.hours.map((h) => new Date(h * HOUR).toISOString())).toEqual([
      '2025-02-01T10:00:00.000Z',
      '2025-02-01T12:00:00.000Z',
    ]);
    // The 12:00 report is from a possible surveillance aircraft: not independent coverage.
    expect(r.otherTrafficHours).toEqual([r.hours[0]]);
  });

  it('ingest hands every position read to onPosition, kept for tracks or not', async () => {
    const csv = [
      'time,icao24,lat,lon,onground,baroaltitude',
      '1738404000,0d0b21,27.0,-111.0,false,10000', // airliner over the Gulf
      '1738407600,ae01c7,27.5,-111.5,false,10000', // RC-135 (kept)
      '1738411200,0d0b21,,,false,10000', // no position: skipped, never seen
    ].join('\n');
    const c = coverageCollector(GULF_BBOX);
    const seen: [string | null, boolean][] = [];
    const r = await ingest([textSource('a.csv', csv)], {
      keep: (p) => p.hex === 'ae01c7',
      onPosition: (p, kept) => {
        seen.push([p.hex, kept]);
        c.add(p, kept);
      },
    });
    expect(r.positions).toHaveLength(1);
    expect(seen).toEqual([
      ['0d0b21', false],
      ['ae01c7', true],
    ]);
    expect(c.result().hours).toHaveLength(2);
    expect(c.result().otherTrafficHours).toHaveLength(1);
  });
});

describe('coveredMs and coverageGaps', () => {
  const c = hoursFrom('2025-02-01T00:00:00Z', '2025-02-01T01:00:00Z', '2025-02-01T05:00:00Z');

  it('sums covered hours clipped to the interval (half-hour zones start mid-hour)', () => {
    expect(coveredMs(c, ms('2025-02-01T00:00:00Z'), ms('2025-02-02T00:00:00Z'))).toBe(3 * HOUR);
    expect(coveredMs(c, ms('2025-02-01T00:30:00Z'), ms('2025-02-01T05:30:00Z'))).toBe(2 * HOUR);
    expect(coveredMs(c, ms('2025-02-01T02:00:00Z'), ms('2025-02-01T05:00:00Z'))).toBe(0);
    expect(coveredMs(c, ms('2025-02-02T00:00:00Z'), ms('2025-02-01T00:00:00Z'))).toBe(0);
  });

  it('lists the uncovered stretches at least as long as asked', () => {
    const gaps = coverageGaps(c, ms('2025-02-01T00:00:00Z'), ms('2025-02-01T08:00:00Z'), 2 * HOUR);
    expect(
      gaps.map((g) => [new Date(g.startMs).getUTCHours(), new Date(g.endMs).getUTCHours()]),
    ).toEqual([
      [2, 5],
      [6, 8],
    ]);
  });
});

describe('reports with exposure from outages', () => {
  const window = { startMs: ms('2025-02-01T00:00:00Z'), endMs: ms('2025-02-04T00:00:00Z') };
  // A receiver heard every hour from 31 Jan to 5 Feb except 2 Feb 12:00 to 4 Feb 00:00 (an outage).
  const hours: number[] = [];
  for (let t = ms('2025-01-31T00:00:00Z'); t < ms('2025-02-06T00:00:00Z'); t += HOUR) {
    if (t < ms('2025-02-02T12:00:00Z') || t >= ms('2025-02-04T00:00:00Z')) hours.push(t / HOUR);
  }
  const heard = { hours, otherTrafficHours: hours };
  const coverage: Coverage = {
    bbox: GULF_BBOX,
    marginDeg: 1,
    ...heard,
    bySource: new Map([[0, heard]]),
  };
  const model = findOutages(coverage, [{ file: 'rx/log.sbs', format: 'sbs' }]);
  const exposure = { mode: 'outages', model } as const;

  it('a period wholly in an outage is "no coverage", and expectations use observed time only', () => {
    const r = buildCountReport(
      [mission('2025-02-01T10:00:00Z')],
      window,
      'day',
      'UTC',
      statedBaseline(1, 'day'),
      { exposure },
    );
    expect(r.periods.map((p) => [p.noCoverage, p.exposureDays, p.coverage, p.expected])).toEqual([
      [false, 1, 1, 1],
      [false, 0.5, 0.5, 0.5],
      [true, 0, 0, null],
    ]);
    expect(r.periods[2]?.pValue).toBeNull();
    expect(r.summary).toMatchObject({
      calendarDays: 3,
      observedDays: 1.5,
      exposureDays: 1.5,
      expected: 1.5,
      noCoverage: false,
    });
  });

  it('with --exposure calendar the same period is an observed zero over calendar time', () => {
    const r = buildCountReport([], window, 'day', 'UTC', statedBaseline(1, 'day'), {
      exposure: { mode: 'calendar', model },
    });
    expect(r.periods[2]).toMatchObject({
      missions: 0,
      noCoverage: false,
      exposureDays: 1,
      observedDays: 0,
    });
    expect(r.periods[2]?.pValue).toBe(1);
    expect(r.summary.coverage).toBeNull();
  });

  it('a measured baseline over observed time feeds the rate-ratio exposures', () => {
    const baseline = measuredBaseline(
      [mission('2025-01-10T00:00:00Z'), mission('2025-01-20T00:00:00Z')],
      ms('2025-01-01T00:00:00Z'),
      ms('2025-02-01T00:00:00Z'),
      20,
    );
    expect(baseline.ratePerDay).toBeCloseTo(2 / 20, 12);
    const r = buildCountReport([mission('2025-02-01T10:00:00Z')], window, 'day', 'UTC', baseline, {
      exposure,
    });
    expect(r.rateRatio).toMatchObject({ windowDays: 1.5, baselineDays: 20 });
    expect(r.rateRatio?.ratio).toBeCloseTo(1 / 1.5 / (2 / 20), 12);
  });

  it('inputs holding only the surveillance aircraft show no outage: calendar time, said once', () => {
    const selfOnly = { hours, otherTrafficHours: [] };
    const only = findOutages({ ...coverage, bySource: new Map([[0, selfOnly]]) }, [
      { file: 'fr24/AE01C7.csv', format: 'fr24-flight' },
    ]);
    expect(only.judged).toBe(false);
    expect(only.unobservedHours).toEqual([]);
    const r = buildCountReport([], window, 'day', 'UTC', statedBaseline(1, 'day'), {
      exposure: { mode: 'outages', model: only },
    });
    expect(r.summary.exposureDays).toBe(3);
    expect(exposureSentence(r)).toMatch(
      /^Exposure: calendar time\. No input carries other traffic/,
    );
  });
});

describe('days no day archive holds', () => {
  const DAY = 86_400_000;
  const day = (d: string): number => ms(`${d}T00:00:00Z`);
  /** Day archives (read for their selected traces: no other traffic), one per day given. */
  function archives(days: readonly string[]) {
    const hours = days.map((d) => day(d) / HOUR + 12);
    const bySource = new Map(
      days.map((_, i) => [i, { hours: [hours[i] as number], otherTrafficHours: [] }]),
    );
    const coverage: Coverage = {
      bbox: GULF_BBOX,
      marginDeg: 1,
      hours,
      otherTrafficHours: [],
      bySource,
    };
    const inputs = days.map((d) => ({
      file: `history/v${d.replaceAll('-', '.')}-planes-readsb-prod-0.tar`,
      format: 'readsb-trace',
      archive: { stampedMembers: [], day: d },
    }));
    return { coverage, inputs };
  }
  const runs = (model: ReturnType<typeof findOutages>) =>
    model.outages.map((o) => [
      new Date(o.startMs).toISOString().slice(0, 10),
      (o.endMs - o.startMs) / DAY,
      o.evidence,
    ]);

  it('a day missing between the days given is an outage; calendar time less it', () => {
    const { coverage, inputs } = archives(['2025-02-01', '2025-02-02', '2025-02-04']);
    const model = findOutages(coverage, inputs);
    expect(model.judged).toBe(false);
    expect(runs(model)).toEqual([['2025-02-03', 1, 'missing-file']]);
    expect(model.unobservedHours).toHaveLength(24);
    expect(model.outages[0]?.why).toBe(
      'no day archive for 2025-02-03 (the day archives given run from 2025-02-01 to 2025-02-04, 3 of 4 days present)',
    );
    const r = buildCountReport(
      [],
      { startMs: day('2025-02-01'), endMs: day('2025-02-05') },
      'day',
      'UTC',
      statedBaseline(1, 'day'),
      {
        exposure: { mode: 'outages', model },
      },
    );
    expect(r.summary.observedDays).toBe(3);
    expect(r.periods.map((p) => p.noCoverage)).toEqual([false, false, true, false]);
    expect(exposureSentence(r)).toBe(
      'Exposure: calendar time less the 1 day of the window no input holds (no day archive for them; see the outages). No input carries other traffic near the region (only the surveillance aircraft themselves), so nothing else shows when receivers were down.',
    );
  });

  it('days of a counted interval before or after the days given are outages too', () => {
    const { coverage, inputs } = archives(['2025-02-01', '2025-02-02']);
    const model = findOutages(coverage, inputs, {
      counted: [
        { startMs: day('2025-02-01'), endMs: day('2025-02-04') },
        { startMs: day('2025-01-01'), endMs: day('2025-02-01') },
      ],
    });
    expect(runs(model)).toEqual([
      ['2025-01-01', 31, 'missing-file'],
      ['2025-02-03', 1, 'missing-file'],
    ]);
    expect(model.outages[0]?.why).toMatch(
      /^no day archive for 2025-01-01 to 2025-01-31 \(before the first day archive given;/,
    );
  });

  it('days left unread are held; another input holds the hours its rows span, no more', () => {
    const { coverage, inputs } = archives(['2025-02-01', '2025-02-05']);
    const other = {
      file: 'fr24/AE01C7.csv',
      format: 'fr24-flight',
      fromMs: day('2025-02-02') + 3 * HOUR,
      toMs: day('2025-02-02') + 5 * HOUR,
    };
    // Its positions, placed when the inputs were joined (no address), lie near the region.
    const placed = new Map([[inputs.length, [other.fromMs / HOUR, other.toMs / HOUR] as const]]);
    const model = findOutages({ ...coverage, placedBySource: placed }, [...inputs, other], {
      daysNotRead: [{ day: '2025-02-04' }],
    });
    expect(
      model.outages.map((o) => [
        new Date(o.startMs).toISOString(),
        new Date(o.endMs).toISOString(),
      ]),
    ).toEqual([
      ['2025-02-02T00:00:00.000Z', '2025-02-02T03:00:00.000Z'],
      ['2025-02-02T06:00:00.000Z', '2025-02-04T00:00:00.000Z'],
    ]);
    expect(model.outages[1]?.why).toBe(
      'no day archive for 2025-02-02 to 2025-02-03; from 2025-02-02 06:00 to 2025-02-04 00:00 UTC no other input holds rows either (the day archives given run from 2025-02-01 to 2025-02-05, 3 of 5 days present)',
    );
    // The export's hours are observed only because its aircraft flew them: said (verdict.ts).
    expect(model.heardOnlyTheirOwn.map((h) => new Date(h * HOUR).toISOString())).toEqual([
      '2025-02-02T03:00:00.000Z',
      '2025-02-02T04:00:00.000Z',
      '2025-02-02T05:00:00.000Z',
    ]);
  });

  it('an input whose rows lie far from the region holds none of its days', () => {
    const { coverage, inputs } = archives(['2025-02-01', '2025-02-05']);
    const far = {
      file: 'fr24/SJY182.csv',
      format: 'fr24-flight',
      fromMs: day('2025-02-02') + 3 * HOUR,
      toMs: day('2025-02-03') + 5 * HOUR,
    };
    expect(runs(findOutages(coverage, [...inputs, far]))).toEqual([
      ['2025-02-02', 3, 'missing-file'],
    ]);
  });

  it('a day archive with no selected trace is a quiet day held, not a day missing', () => {
    const { coverage, inputs } = archives(['2025-02-01', '2025-02-03']);
    const quiet = {
      file: 'history/v2025.02.02-planes-readsb-prod-0.tar',
      format: null,
      archive: { stampedMembers: [], day: '2025-02-02' },
    };
    expect(findOutages(coverage, [...inputs, quiet]).outages).toEqual([]);
  });

  it('other dated files are no series of days: a per-flight export missing means no flight', () => {
    const selfOnly = {
      hours: [day('2025-02-01') / HOUR, day('2025-02-05') / HOUR],
      otherTrafficHours: [],
    };
    const coverage: Coverage = {
      bbox: GULF_BBOX,
      marginDeg: 1,
      ...selfOnly,
      bySource: new Map([
        [0, selfOnly],
        [1, selfOnly],
      ]),
    };
    const model = findOutages(coverage, [
      { file: 'fr24/AE01C7_2025-02-01.csv', format: 'fr24-flight' },
      { file: 'fr24/AE01C7_2025-02-05.csv', format: 'fr24-flight' },
    ]);
    expect(model.outages).toEqual([]);
    expect(model.unobservedHours).toEqual([]);
  });
});

describe('silences judged against the source with the outages found left out', () => {
  /** A receiver heard every hour from 1 January to 11 March 2025 but for the silences given. */
  function receiver(...gaps: [string, string][]) {
    const hours: number[] = [];
    for (let h = ms('2025-01-01') / HOUR; h < ms('2025-03-11') / HOUR; h += 1) {
      if (!gaps.some(([a, b]) => h >= ms(a) / HOUR && h < ms(b) / HOUR)) hours.push(h);
    }
    const coverage: Coverage = {
      bbox: GULF_BBOX,
      marginDeg: 1,
      hours,
      otherTrafficHours: hours,
      bySource: new Map([[0, { hours, otherTrafficHours: hours }]]),
    };
    return findOutages(coverage, [{ file: 'receiver.csv', format: 'generic-csv' }]);
  }
  const spans = (model: ReturnType<typeof findOutages>) =>
    model.outages.map((o) => [new Date(o.startMs).toISOString(), new Date(o.endMs).toISOString()]);

  it('a dead week is an outage, with or without a 41-day outage before it', () => {
    const week: [string, string] = ['2025-03-02', '2025-03-09'];
    expect(spans(receiver(week))).toEqual([
      ['2025-03-02T00:00:00.000Z', '2025-03-09T00:00:00.000Z'],
    ]);
    // The long outage's silent hours once counted as the receiver's normal, and hid the week.
    expect(spans(receiver(['2025-01-10', '2025-02-20'], week))).toEqual([
      ['2025-01-10T00:00:00.000Z', '2025-02-20T00:00:00.000Z'],
      ['2025-03-02T00:00:00.000Z', '2025-03-09T00:00:00.000Z'],
    ]);
  });
});

describe('a dated series whose last file ends early', () => {
  it('has the rest of its period judged as a silence, as the same data in one file is left out', () => {
    const hours: number[] = [];
    for (let h = ms('2025-01-01') / HOUR; h < ms('2025-02-10') / HOUR; h += 1) hours.push(h);
    const jan = hours.filter((h) => h < ms('2025-02-01') / HOUR);
    const feb = hours.filter((h) => h >= ms('2025-02-01') / HOUR);
    const coverage: Coverage = {
      bbox: GULF_BBOX,
      marginDeg: 1,
      hours,
      otherTrafficHours: hours,
      bySource: new Map([
        [0, { hours: jan, otherTrafficHours: jan }],
        [1, { hours: feb, otherTrafficHours: feb }],
      ]),
    };
    const model = findOutages(coverage, [
      { file: 'bg/background_2025-01.csv', format: 'generic-csv' },
      { file: 'bg/background_2025-02.csv', format: 'generic-csv' },
    ]);
    expect(
      model.outages.map((o) => [
        new Date(o.startMs).toISOString(),
        new Date(o.endMs).toISOString(),
        o.evidence,
      ]),
    ).toEqual([['2025-02-10T00:00:00.000Z', '2025-03-01T00:00:00.000Z', 'silence']]);
    expect(model.outages[0]?.why).toMatch(
      /^silent for 456 h near the region to the end of its series/,
    );
    expect(model.unobservedHours).toHaveLength(456);
  });
});
