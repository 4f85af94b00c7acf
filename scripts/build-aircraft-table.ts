/**
 * Derives data/aircraft/isr-aircraft.csv from plane-alert-db (ODbL 1.0): the rows that the
 * identification rule (`isIsrEntry`) marks as surveillance aircraft, in plane-alert-db's own CSV form.
 *
 *   node dist/scripts/build-aircraft-table.js [path/to/plane-alert-db.csv] [out.csv]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import { identifyAircraft, isIsrEntry, NO_ROW_EVIDENCE } from '../src/aircraft/identify.js';
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

// The class and country of every airframe kept, as sortie derives them at load (the same rules:
// src/aircraft/operator-class.ts): the numbers quoted in data/aircraft/NOTICE.md and docs/methods.md.
const table = parseRegistry(readFileSync(output, 'utf8'), 'plane-alert-db', output);
const byClass = new Map<string, number>();
const byClassCountry = new Map<string, number>();
for (const hex of table.keys()) {
  const id = identifyAircraft(hex, NO_ROW_EVIDENCE, table);
  if (id === null) throw new Error(`${hex}: in the table but not identified`);
  byClass.set(id.operatorClass, (byClass.get(id.operatorClass) ?? 0) + 1);
  const key = `${id.operatorClass} ${id.country ?? '??'}`;
  byClassCountry.set(key, (byClassCountry.get(key) ?? 0) + 1);
}
for (const [cls, n] of [...byClass].sort((a, b) => b[1] - a[1])) {
  const top = [...byClassCountry]
    .filter(([k]) => k.startsWith(`${cls} `))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, c]) => `${k.split(' ')[1]} ${c}`)
    .join(', ');
  console.log(`${cls}: ${n} (${top})`);
}
