/**
 * The time forms each format reads, for the note that explains rows skipped as `bad time`. One
 * table rather than a field of each format, so that the forms can be read side by side.
 */
export const GENERIC_TIME_FORMS =
  'epoch s or ms, 2025-02-03 16:00[:00[.000]] (T or space, - or /, optional Z or ±hh:mm), 3/2/2025 16:00 [PM] (day and month in the order of --date-order or of the file), or a time of day beside a date column';

export const TIME_FORMS: Readonly<Record<string, string>> = {
  'opensky-states': 'epoch seconds in the time column',
  'fr24-flight': 'epoch seconds in the Timestamp column',
  'fr24-bulk-flights': 'no times (flight records)',
  'fr24-bulk-positions': 'epoch seconds in snapshot_id',
  'adsbx-trace-csv':
    'ping_time (2025-02-03 16:00:00.000, UTC), or the timestamp day plus time seconds; processed files: point_time',
  sbs: 'the SBS date and time (2025/02/03 and 16:00:00.000), else the logged ones, else a recorder timestamp',
  'plane-alert-log': '2025/02/03 and 16:00:00 in the fifth and sixth fields',
  'readsb-trace': "seconds after the file's timestamp, the first element of each point",
  'aircraft-json': 'now (epoch seconds, or milliseconds in API responses) less seen_pos',
  dbf: GENERIC_TIME_FORMS,
  'generic-csv': GENERIC_TIME_FORMS,
};

/** Times outside these years are refused whatever the format (wrong unit, broken row). */
const YEARS = 'between 1990 and 2100';

/** What `bad time` means for an input in `format`: the forms it reads and the years allowed. */
export function badTimeForms(format: string | null): string {
  const forms = format === null ? undefined : TIME_FORMS[format];
  return forms === undefined ? `times must fall ${YEARS}` : `${format} reads ${forms}, ${YEARS}`;
}
