/** `sortie compare` for people (text, Markdown) and for scripts (`sortie.compare/1`). */
import { leavesTimeOut } from '../../coverage/outages.js';
import type { CompareSide, WindowComparison } from '../compare.js';
import { countedText, reasonsText } from '../operators.js';
import { round } from '../json.js';
import { isoInZone, windowText } from '../periods.js';
import { daysWithUnit, headlinePText } from '../verdict.js';
import { P_FLOOR, belowPFloor, formatByType, formatCi, formatP, plural } from './numbers.js';
import { PLAIN, type Style } from './style.js';
import { textTable } from './text-table.js';

function ratioWords(ratio: number): string {
  return ratio >= 10 ? String(Math.round(ratio)) : ratio >= 1 ? ratio.toFixed(1) : ratio.toFixed(2);
}

/** The sentence to quote: which side is higher, by how much, and the two-sided p. */
export function compareHeadline(c: WindowComparison): string {
  const { a, b, test } = c;
  const na = a.missions.length;
  const nb = b.missions.length;
  const days = (s: CompareSide): string => daysWithUnit(s.exposureDays);
  if (na === 0 && nb === 0) {
    return `No missions in either window (A: ${days(a)}, B: ${days(b)}): nothing to compare.`;
  }
  const counts = `${plural(na, 'mission')} in A's ${days(a)} against ${nb === 0 ? 'none' : nb} in B's ${days(b)}`;
  const times =
    test.ratio === null
      ? `A's rate is at least ${test.ci[0].toFixed(2)} times B's (95% bound; B has no missions)`
      : `A's rate is about ${ratioWords(test.ratio)} times B's`;
  return `${times}: ${counts}; exact two-sided ${headlinePText(test.pTwoSided)}.`;
}

function sideRow(s: CompareSide, tz: string): string[] {
  return [
    s.name,
    windowText(s.window, tz),
    String(s.missions.length),
    s.calendarDays.toFixed(1),
    s.exposureDays.toFixed(1),
    s.ratePerDay.toFixed(4),
    formatByType(s.byType),
  ];
}

function detailLines(c: WindowComparison): string[] {
  const { a, b, test } = c;
  const n = a.missions.length + b.missions.length;
  const share = a.exposureDays / (a.exposureDays + b.exposureDays);
  const ratio =
    test.ratio !== null
      ? `Rate ratio A/B ${test.ratio.toFixed(2)}, exact 95% interval ${formatCi(test.ci)}.`
      : n === 0
        ? 'Rate ratio A/B undefined (neither window has a mission): no interval.'
        : `Rate ratio A/B unbounded (B has no missions), exact 95% interval ${formatCi(test.ci)}.`;
  const lines = [
    ratio,
    `p-values: two-sided ${formatP(test.pTwoSided)}; A higher ${formatP(test.pHigher)}; A lower ${formatP(test.pLower)} ` +
      `(exact conditional test: given the ${n} missions of both, A's count is binomial with A's share of the exposure, ${share.toFixed(3)}; as R's poisson.test with two counts; interval Clopper–Pearson, mapped to the ratio).`,
    c.mode === 'calendar'
      ? 'Exposure: calendar time (--exposure calendar).'
      : [a, b].every((s) => !leavesTimeOut(s.outages))
        ? 'Exposure: calendar time: the inputs carry only the surveillance aircraft, so no receiver outage can be seen.'
        : `Exposure: calendar time less the outages the inputs show (A ${daysWithUnit(a.calendarDays - a.exposureDays)} left out, B ${daysWithUnit(b.calendarDays - b.exposureDays)}).`,
    'Each window counts the missions whose first entry into the region falls in it; missions are assumed to arrive independently (a Poisson process), so clustered missions make the p-values too small.',
  ];
  lines.push(compareOperatorsLine(a, b));
  for (const s of [a, b]) {
    if (s.inputs !== null) lines.push(`Inputs of ${s.name}: ${s.inputs.join(', ')}.`);
  }
  return lines;
}

/** Who is counted, and how many missions of each window the selection left out. */
function compareOperatorsLine(a: CompareSide, b: CompareSide): string {
  const counted = countedText(a.operators);
  const left = (s: CompareSide): string => {
    const n = s.operators.leftOutInWindow;
    if (n === 0) return `${s.name} none`;
    const reasons = reasonsText(s.operators);
    return `${s.name} ${plural(n, 'mission')}${reasons === '' ? '' : ` (${reasons})`}`;
  };
  if (a.operators.leftOutInWindow === 0 && b.operators.leftOutInWindow === 0) {
    return `${counted}; no missions of other operators in either window.`;
  }
  return `${counted}; missions of other operators left out: ${left(a)}, ${left(b)}.`;
}

const COLUMNS = [
  { header: '' },
  { header: 'Window' },
  { header: 'Missions', align: 'right' as const },
  { header: 'Days', align: 'right' as const },
  { header: 'Obs. days', align: 'right' as const },
  { header: 'Rate/day', align: 'right' as const },
  { header: 'Types' },
];

export function renderCompareText(
  c: WindowComparison,
  regionName: string,
  tz: string,
  style: Style = PLAIN,
): string {
  const table = textTable(
    COLUMNS,
    [c.a, c.b].map((s) => sideRow(s, tz)),
    style,
  );
  const warnings = c.warnings.map((w) => style.surge(`Warning: ${w}`));
  return (
    [
      style.title(`sortie compare: surveillance missions over ${regionName}`),
      compareHeadline(c),
      '',
      table,
      '',
      ...detailLines(c),
      ...(warnings.length > 0 ? ['', ...warnings] : []),
    ].join('\n') + '\n'
  );
}

export function renderCompareMarkdown(c: WindowComparison, regionName: string, tz: string): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const head = `| ${COLUMNS.map((x) => x.header || ' ').join(' | ')} |`;
  const rule = `|${COLUMNS.map((x) => (x.align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
  const rows = [c.a, c.b].map((s) => `| ${sideRow(s, tz).map(cell).join(' | ')} |`);
  return (
    [
      `# Missions over ${regionName}: two windows compared`,
      '',
      `**${compareHeadline(c)}**`,
      '',
      head,
      rule,
      ...rows,
      '',
      ...detailLines(c).flatMap((l) => [l, '']),
      ...c.warnings.flatMap((w) => [`> **Warning:** ${w}`, '']),
    ]
      .join('\n')
      .trimEnd() + '\n'
  );
}

/** As every p-value in JSON: 3 significant digits; below the floor, the floor (never 0). */
const sig = (p: number): number => (belowPFloor(p) ? P_FLOOR : Number(p.toPrecision(3)));

export function compareJson(
  c: WindowComparison,
  region: { id: string; name: string },
  tz: string,
  parameters: Record<string, unknown>,
) {
  const sideJson = (s: CompareSide) => ({
    name: s.name,
    window: { from: isoInZone(s.window.startMs, tz), to: isoInZone(s.window.endMs, tz) },
    missions: s.missions.length,
    calendarDays: round(s.calendarDays, 4),
    exposureDays: round(s.exposureDays, 4),
    ratePerDay: round(s.ratePerDay, 6),
    byType: s.byType,
    missionIds: s.missions.map((m) => m.id),
    inputs: s.inputs,
    leftOut: {
      missions: s.operators.leftOutInWindow,
      byReason: s.operators.leftOutByReason,
      airframes: s.operators.airframes.map(({ missionsInBaseline: _, ...f }) => f),
    },
  });
  return {
    schema: 'sortie.compare/1',
    headline: compareHeadline(c),
    warnings: c.warnings,
    region,
    exposure: c.mode,
    operators: {
      classes: c.a.operators.classes,
      countries: c.a.operators.countries,
      exclude: c.a.operators.exclude,
      watched: c.a.operators.watched,
      text: c.a.operators.text,
    },
    a: sideJson(c.a),
    b: sideJson(c.b),
    test: {
      method:
        'exact conditional test of two Poisson rates (binomial given the total; as R poisson.test with two counts)',
      rateRatio: c.test.ratio === null ? null : round(c.test.ratio, 4),
      ci95: [round(c.test.ci[0], 4), Number.isFinite(c.test.ci[1]) ? round(c.test.ci[1], 4) : null],
      pTwoSided: sig(c.test.pTwoSided),
      pAHigher: sig(c.test.pHigher),
      pALower: sig(c.test.pLower),
    },
    parameters,
  };
}
