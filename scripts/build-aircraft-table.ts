/**
 * Derives data/aircraft/isr-aircraft.csv from plane-alert-db (ODbL 1.0): the rows that the
 * identification rule (`isIsrEntry`) marks as surveillance aircraft, in plane-alert-db's own CSV form.
 *
 *   node dist/scripts/build-aircraft-table.js [path/to/plane-alert-db.csv] [out.csv]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import { isIsrEntry } from '../src/aircraft/identify.js';
import { parseRegistry } from '../src/aircraft/registry.js';

const input = process.argv[2] ?? '../shared/realdata/plane-alert-db/plane-alert-db.csv';
const output = process.argv[3] ?? 'data/aircraft/isr-aircraft.csv';

const text = readFileSync(input, 'utf8');
const keep = new Set(
  [...parseRegistry(text, 'plane-alert-db').values()].filter(isIsrEntry).map((e) => e.hex),
);
const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
const [header, ...rows] = parsed.data;
if (header === undefined) throw new Error(`${input}: empty`);
const kept = rows
  .filter((r) => keep.has((r[0] ?? '').trim().toLowerCase()))
  .sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
writeFileSync(output, Papa.unparse([header, ...kept], { newline: '\n' }) + '\n');
console.log(`${output}: ${kept.length} of ${rows.length} rows`);
