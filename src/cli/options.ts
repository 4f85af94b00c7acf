import { InvalidArgumentError } from 'commander';
import { ADDRESS_BLOCKS } from '../aircraft/address-blocks.js';
import { OPERATOR_CLASSES, type OperatorClass } from '../aircraft/operator-class.js';
import type { Delimiter } from '../ingest/delimiter.js';
import { MAPPED_FIELDS, UNIT_CHOICES } from '../ingest/formats/column-map.js';
import { DAYS_PER_UNIT, type RateUnit } from '../report/baseline.js';
import { PERIOD_UNITS, type PeriodUnit } from '../report/period-units.js';

const DURATION_UNITS_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** `90s`, `10m`, `2h`, `1.5h`, `1d` → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d)\s*$/i.exec(text);
  const unit = m?.[2]?.toLowerCase();
  if (!m || unit === undefined) {
    throw new InvalidArgumentError(`"${text}" is not a duration (examples: 30m, 2h, 90s, 1d)`);
  }
  const ms = Number(m[1]) * (DURATION_UNITS_MS[unit] ?? NaN);
  if (!(ms > 0)) throw new InvalidArgumentError(`"${text}" must be longer than zero`);
  return ms;
}

export function parsePeriod(text: string): PeriodUnit {
  const t = text.trim().toLowerCase();
  if ((PERIOD_UNITS as readonly string[]).includes(t)) return t as PeriodUnit;
  throw new InvalidArgumentError(`"${text}" is not a period (day, week or month)`);
}

/**
 * The test luxon's IANAZone.isValidZone makes, written out: commander parses options before any
 * command loads luxon, and --help and --version should not load it.
 */
function isValidZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format();
    return true;
  } catch {
    return false;
  }
}

export function parseZone(text: string): string {
  if (text.toUpperCase() === 'UTC' || text === 'Z') return 'UTC';
  if (!isValidZone(text)) {
    throw new InvalidArgumentError(
      `"${text}" is not an IANA time zone (e.g. UTC, America/Hermosillo)`,
    );
  }
  return text;
}

/** `N/day|week|month|year` with N > 0, e.g. `1/month` or `12/year`. */
export function parseRate(text: string): { count: number; unit: RateUnit } {
  const m = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(day|week|month|year)\s*$/i.exec(text);
  const unit = m?.[2]?.toLowerCase();
  if (!m || unit === undefined || !Object.hasOwn(DAYS_PER_UNIT, unit)) {
    throw new InvalidArgumentError(
      `"${text}" is not a rate N/day|week|month|year with N above zero (e.g. 1/month)`,
    );
  }
  const count = Number(m[1]);
  // Against a rate of zero any mission is impossible: every p-value would be 0 and every ratio
  // infinite. A quiet interval is a measurement, with an upper bound, not a known zero.
  if (!(count > 0 && Number.isFinite(count))) {
    throw new InvalidArgumentError(
      `"${text}": the rate must be a finite number above zero (against a rate of zero any mission is impossible); to compare with an interval without missions, measure it with --baseline FROM/TO`,
    );
  }
  return { count, unit: unit as RateUnit };
}

const HEX_RE = /^[0-9a-f]{6}$/i;

export function parseHexOption(text: string): string {
  if (!HEX_RE.test(text.trim())) {
    throw new InvalidArgumentError(
      `"${text}" is not a 24-bit ICAO address (6 hex digits, e.g. AE01C7)`,
    );
  }
  return text.trim().toLowerCase();
}

/** A significance level for --fail-on-surge: above 0, at most 0.5. */
export function parseAlpha(text: string): number {
  const n = Number(text);
  if (!(n > 0 && n <= 0.5)) {
    throw new InvalidArgumentError(
      `"${text}" is not a significance level above 0 and at most 0.5 (e.g. 0.01)`,
    );
  }
  return n;
}

/** A whole number of at least 1 (threads). */
export function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new InvalidArgumentError(`"${text}" is not a whole number from 1 to 256`);
  }
  return n;
}

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `collect` for --glob: an empty pattern matches nothing a user could mean. */
export function collectGlob(value: string, previous: string[] = []): string[] {
  if (value.trim() === '') {
    throw new InvalidArgumentError('a pattern cannot be empty (e.g. "*.csv", "**/trace_full_*")');
  }
  return collect(value, previous);
}

/** `field=value[,field=value...]` pairs, added to `previous`; `check` validates each pair. */
function parsePairs(
  text: string,
  previous: Readonly<Record<string, string>>,
  check: (field: string, value: string) => void,
): Record<string, string> {
  const out = { ...previous };
  for (const part of text.split(',')) {
    const m = /^\s*([a-z]+)\s*=\s*(.+?)\s*$/i.exec(part);
    const field = m?.[1]?.toLowerCase();
    const value = m?.[2];
    if (field === undefined || value === undefined) {
      throw new InvalidArgumentError(`"${part}" is not FIELD=VALUE`);
    }
    check(field, value);
    out[field] = value;
  }
  return out;
}

/** `--map time=obs_time,lat=y`: which column holds which field, for the generic CSV reader. */
export function parseFieldMap(
  text: string,
  previous: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return parsePairs(text, previous, (field) => {
    if (!(MAPPED_FIELDS as readonly string[]).includes(field)) {
      throw new InvalidArgumentError(
        `unknown field "${field}" (fields: ${MAPPED_FIELDS.join(', ')})`,
      );
    }
  });
}

/** `--units alt=m,speed=kmh`: units the generic CSV reader cannot tell from the column names. */
export function parseUnits(
  text: string,
  previous: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return parsePairs(text, previous, (field, value) => {
    const choices = (UNIT_CHOICES as Readonly<Record<string, readonly string[]>>)[field];
    if (choices === undefined) {
      throw new InvalidArgumentError(
        `no units for "${field}" (fields with units: ${Object.keys(UNIT_CHOICES).join(', ')})`,
      );
    }
    if (!choices.includes(value)) {
      throw new InvalidArgumentError(
        `"${value}" is not a unit of ${field} (${choices.join(', ')})`,
      );
    }
  });
}

/** What `--delimiter` accepts for each separator (a tab is awkward to type, so it has names). */
const DELIMITER_SPELLINGS: Readonly<Record<string, Delimiter>> = {
  ',': ',',
  comma: ',',
  ';': ';',
  semicolon: ';',
  tab: '\t',
  '\\t': '\t',
  '\t': '\t',
  '|': '|',
  pipe: '|',
};

/** `--delimiter ;`: the field separator of delimited text (`,` `;` `tab` or `\t`, `|`). */
export function parseDelimiter(text: string): Delimiter {
  const d = DELIMITER_SPELLINGS[text.toLowerCase()];
  if (d === undefined) {
    throw new InvalidArgumentError(`"${text}" is not a delimiter sortie reads (one of , ; tab |)`);
  }
  return d;
}

/** `--operators military-isr,law-enforcement` or `all`: operator classes, each checked. */
export function parseOperators(text: string): OperatorClass[] {
  const names = text
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
  if (names.length === 1 && names[0] === 'all') return [...OPERATOR_CLASSES];
  const known = OPERATOR_CLASSES as readonly string[];
  const bad = names.find((n) => !known.includes(n));
  if (bad !== undefined || names.length === 0) {
    throw new InvalidArgumentError(
      `"${bad ?? text}" is not an operator class (${OPERATOR_CLASSES.join(', ')}, or all)`,
    );
  }
  return [...new Set(names)] as OperatorClass[];
}

/** `--country US,MX`: ISO 3166-1 alpha-2 codes of states with an ICAO address block. */
export function parseCountries(text: string): string[] {
  const codes = text
    .split(',')
    .map((t) => t.trim().toUpperCase())
    .filter((t) => t !== '');
  const known = new Set(ADDRESS_BLOCKS.map(([, , cc]) => cc));
  for (const code of codes) {
    if (code === 'UK') throw new InvalidArgumentError('"UK" is not ISO 3166-1: the code is GB');
    if (!known.has(code)) {
      throw new InvalidArgumentError(
        `"${code}" is not an ISO 3166-1 alpha-2 country code (e.g. US, MX, GB)`,
      );
    }
  }
  if (codes.length === 0) throw new InvalidArgumentError('give one or more codes, e.g. US,MX');
  return [...new Set(codes)];
}

/** `--exclude AE4BD7,AE01C7`: 24-bit addresses. */
export function parseHexList(text: string): string[] {
  const hexes = text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (hexes.length === 0) throw new InvalidArgumentError('give one or more addresses, e.g. AE4BD7');
  return [...new Set(hexes.map((h) => parseHexOption(h)))];
}
