import type { AddressReport } from '../../aircraft/describe.js';
import { OPERATOR_CLASS_MEANING } from '../../aircraft/operator-class.js';
import { airframeTypeName } from '../../aircraft/plain-names.js';
import { PLAIN, type Style } from './style.js';

const COUNTS: Readonly<Record<AddressReport['counts'], string>> = {
  yes: 'yes',
  no: 'no',
  'only-if': 'only with evidence from its rows',
};

/** `sortie identify`: one block of labelled lines per address. */
export function renderIdentifyText(
  answers: readonly AddressReport[],
  style: Style = PLAIN,
): string {
  return answers.map((a) => block(a, style)).join('\n');
}

function block(a: AddressReport, style: Style): string {
  const or = (v: string | null): string => v ?? '-';
  // The plain name first (as every table says it), then what the table holds.
  const type =
    a.type === null
      ? '-'
      : `${airframeTypeName(a.type, a.typeDescription)} (${a.type}${a.typeDescription === null ? '' : `, "${a.typeDescription}"`})`;
  const cls =
    a.operatorClass === null
      ? '-'
      : `${a.operatorClass}: ${OPERATOR_CLASS_MEANING[a.operatorClass]} (${or(a.classRule)})`;
  const country =
    a.country === null
      ? '-'
      : `${a.country} (from ${a.countryFrom === 'operator' ? 'the operator' : 'the address block'})`;
  const source =
    a.sourceRow === null
      ? 'in no table'
      : `${a.sourceRow}${a.source === null ? '' : ` (${a.source})`}`;
  const blockText =
    `${a.addressBlock.country ?? 'unallocated'}` +
    (a.addressBlock.military === null
      ? ', not a military block'
      : `, military block of ${a.addressBlock.military}`);
  const rows: [string, string][] = [
    ['registration', or(a.registration)],
    ['type', type],
    ['operator', or(a.operator)],
    [a.hypothetical ? 'class if so' : 'class', cls],
    [a.hypothetical ? 'country if so' : 'country', country],
    ['source', source],
    ['watch list', or(a.watchedBy)],
    ['address block', blockText],
    ['identified by', a.identifiedBy ?? 'not by the tables alone'],
    ['counts', `${COUNTS[a.counts]}: ${a.why}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return (
    `${style.title(a.hex.toUpperCase())}\n` +
    rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n') +
    '\n'
  );
}
