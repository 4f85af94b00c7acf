/**
 * Military ICAO 24-bit address blocks, as readsb (aircraft.c `isMilRange`) and tar1090-db
 * (ranges.json) define them, with the country as ISO 3166-1 alpha-2. Mexico has no military block: its aircraft are known only by database.
 */
const RANGES: ReadonlyArray<readonly [number, number, string]> = [
  [0xadf7c8, 0xafffff, 'US'],
  [0x010070, 0x01008f, 'EG'],
  [0x0a4000, 0x0a4fff, 'DZ'],
  [0x33ff00, 0x33ffff, 'IT'],
  [0x350000, 0x37ffff, 'ES'],
  [0x3aa000, 0x3affff, 'FR'],
  [0x3b7000, 0x3bffff, 'FR'],
  [0x3ea000, 0x3ebfff, 'DE'],
  [0x3f4000, 0x3fbfff, 'DE'],
  [0x400000, 0x40003f, 'GB'],
  [0x43c000, 0x43cfff, 'GB'],
  [0x444000, 0x446fff, 'AT'],
  [0x44f000, 0x44ffff, 'BE'],
  [0x457000, 0x457fff, 'BG'],
  [0x45f400, 0x45f4ff, 'DK'],
  [0x468000, 0x4683ff, 'GR'],
  [0x473c00, 0x473c0f, 'HU'],
  [0x478100, 0x4781ff, 'NO'],
  [0x480000, 0x480fff, 'NL'],
  [0x48d800, 0x48d87f, 'PL'],
  [0x497c00, 0x497cff, 'PT'],
  [0x498420, 0x49842f, 'CZ'],
  [0x4b7000, 0x4b7fff, 'CH'],
  [0x4b8200, 0x4b82ff, 'TR'],
  [0x70c070, 0x70c07f, 'OM'],
  [0x710258, 0x71028f, 'SA'],
  [0x710380, 0x71039f, 'SA'],
  [0x738a00, 0x738aff, 'IL'],
  [0x7cf800, 0x7cfaff, 'AU'],
  [0x800200, 0x8002ff, 'IN'],
  [0xc20000, 0xc3ffff, 'CA'],
  [0xe40000, 0xe41fff, 'BR'],
];

/** The country (ISO 3166-1 alpha-2) whose military block holds this lowercase hex address, or null. */
export function militaryRangeOf(hex: string): string | null {
  const addr = Number.parseInt(hex, 16);
  if (!Number.isFinite(addr)) return null;
  for (const [lo, hi, country] of RANGES) if (addr >= lo && addr <= hi) return country;
  return null;
}

/** The blocks as [first, last, country], for building address bitmaps. */
export const MILITARY_RANGES: ReadonlyArray<readonly [number, number, string]> = RANGES;
