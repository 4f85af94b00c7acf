/**
 * `sortie report` over several regions (`--region` given more than once, or `file.geojson#*`):
 * the inputs are read once and each region reported as a run with that region alone would report
 * it; every format puts a summary table on top (region, window, count, expected, ratio, p,
 * verdict) and then each region's own report.
 */
import type { SurgeAlert } from '../alert.js';
import { SURGE_P, type CountReport } from '../build-report.js';
import { windowText } from '../periods.js';
import { headlinePText, ratioText } from '../verdict.js';
import { toCsv } from './csv.js';
import { escapeXml as esc, mdCell } from './markup.js';
import { textTable, type Column } from './text-table.js';

/** One region of a batch: what its summary row is made from. */
export interface BatchRegion {
  readonly id: string;
  readonly name: string;
  readonly report: CountReport;
  readonly alert: SurgeAlert | null;
}

export const BATCH_SCHEMA = 'sortie.batch/1';

/** A region's verdict in a few words: the surge outcome when one was asked for, else the test's. */
export function batchVerdict(r: BatchRegion): string {
  const s = r.report.summary;
  if (s.noCoverage) return 'no coverage (no count)';
  if (r.alert !== null) {
    if (r.alert.undecided !== null) return 'surge undecided';
    return r.alert.surge ? `SURGE at ${r.alert.alpha}` : `no surge at ${r.alert.alpha}`;
  }
  if (s.pValue === null) return 'no baseline, no test';
  return s.pValue < SURGE_P && s.missions > 0
    ? `above baseline (p < ${SURGE_P})`
    : 'not above baseline';
}

/** The summary table's cells for one region. */
function summaryCells(r: BatchRegion): string[] {
  const s = r.report.summary;
  return [
    r.id,
    windowText(r.report.window, r.report.tz),
    s.noCoverage ? '—' : String(s.missions),
    s.expected === null ? '—' : s.expected.toFixed(2),
    s.ratio === null || s.missions === 0 || s.noCoverage ? '—' : ratioText(s.ratio),
    s.pValue === null ? '—' : headlinePText(s.pValue).replace(/^p (= )?/, ''),
    batchVerdict(r),
  ];
}

const SUMMARY_COLUMNS: readonly Column[] = [
  { header: 'Region' },
  { header: 'Window' },
  { header: 'Missions', align: 'right' },
  { header: 'Expected', align: 'right' },
  { header: 'Ratio', align: 'right' },
  { header: 'p', align: 'right' },
  { header: 'Verdict' },
];

const title = (regions: readonly BatchRegion[]): string =>
  `Surveillance missions in ${regions.length} regions (inputs read once)`;

/** Text: the summary table, then each region's report under a rule naming it. */
export function renderBatchText(
  regions: readonly BatchRegion[],
  sections: readonly string[],
  style: { header: (s: string) => string; width?: number } = { header: (s) => s },
): string {
  const table = textTable(SUMMARY_COLUMNS, regions.map(summaryCells), style);
  const parts = [`${title(regions)}\n\n${table}`];
  for (const [i, r] of regions.entries()) {
    const rule = `== ${r.id}: ${r.name} `;
    parts.push(`${rule}${'='.repeat(Math.max(4, 78 - rule.length))}\n\n${sections[i] ?? ''}`);
  }
  return parts.join('\n\n').replace(/\n*$/, '\n');
}

/** Markdown: the summary table, then each region's report with its headings one level down. */
export function renderBatchMarkdown(
  regions: readonly BatchRegion[],
  sections: readonly string[],
): string {
  const row = (cells: readonly string[]): string => `| ${cells.map(mdCell).join(' | ')} |`;
  const lines = [
    `# ${title(regions)}`,
    '',
    row(SUMMARY_COLUMNS.map((c) => c.header)),
    `|${SUMMARY_COLUMNS.map((c) => (c.align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`,
    ...regions.map((r) => row(summaryCells(r))),
  ];
  for (const [i, r] of regions.entries()) {
    const body = (sections[i] ?? '').replace(/^#/gm, '##');
    lines.push('', `<a id="region-${r.id}"></a>`, '', body.replace(/\n*$/, ''));
  }
  return lines.join('\n') + '\n';
}

/**
 * HTML: the summary table, then each region's report in a section of its own (`contents`: the
 * single report's content, its headings a level down and its element ids prefixed by the region).
 */
export function batchHtmlContent(
  regions: readonly BatchRegion[],
  contents: readonly (readonly string[])[],
): string[] {
  const head = SUMMARY_COLUMNS.map(
    (c) => `<th${c.align === 'right' ? ' class="num"' : ''}>${esc(c.header)}</th>`,
  ).join('');
  const rows = regions.map((r) => {
    const cells = summaryCells(r).map((cell, i) =>
      i === 0
        ? `<td><a href="#region-${esc(r.id)}">${esc(cell)}</a></td>`
        : `<td${SUMMARY_COLUMNS[i]?.align === 'right' ? ' class="num"' : ''}>${esc(cell)}</td>`,
    );
    const surge = r.alert?.surge === true ? ' class="surge"' : '';
    return `<tr${surge}>${cells.join('')}</tr>`;
  });
  const out = [
    `<h1>${esc(title(regions))}</h1>`,
    `<section id="batch-summary"><table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></section>`,
  ];
  for (const [i, r] of regions.entries()) {
    const inner = (contents[i] ?? [])
      .join('\n')
      .replace(/<(\/?)h([1-5])\b/g, (_, slash: string, n: string) => `<${slash}h${Number(n) + 1}`);
    const prefixed = prefixIds(inner, `${esc(r.id)}-`);
    out.push(
      `<section class="region" id="region-${esc(r.id)}"><h2>${esc(r.name)} (${esc(r.id)})</h2>\n${prefixed}\n</section>`,
    );
  }
  return out;
}

/**
 * Every id in one region's part of the page, with what points at it (`url(#…)`, `href="#…"`,
 * `aria-labelledby`/`aria-describedby`), given the region's prefix: each region draws the same
 * sections, charts and maps, whose ids would otherwise repeat on the one page.
 */
export function prefixIds(html: string, prefix: string): string {
  const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] as string));
  const own = (id: string): string => (ids.has(id) ? `${prefix}${id}` : id);
  return html
    .replace(/(\s)id="([^"]+)"/g, (_, space: string, id: string) => `${space}id="${own(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${own(id)})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${own(id)}"`)
    .replace(
      /aria-(labelledby|describedby)="([^"]+)"/g,
      (_, kind: string, list: string) => `aria-${kind}="${list.split(' ').map(own).join(' ')}"`,
    );
}

/** CSV: every region's rows under one header with a `region` column first; warnings name their region. */
export function renderBatchCsv(
  regions: readonly BatchRegion[],
  tables: readonly { readonly header: readonly string[]; readonly rows: readonly unknown[][] }[],
  warningLines: readonly string[],
): string {
  const header = ['region', ...(tables[0]?.header ?? [])];
  const rows = regions.flatMap((r, i) => (tables[i]?.rows ?? []).map((row) => [r.id, ...row]));
  const comments = regions
    .map((r, i) => (warningLines[i] ?? '').replace(/^# /gm, `# ${r.id}: `))
    .join('');
  return comments + toCsv(header, rows);
}
