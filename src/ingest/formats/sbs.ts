import { checkLatLon, cleanCallsign, parseBoolean, parseNumber } from '../parse-values.js';
import {
  epochToMs,
  parseDateOnly,
  parseDateTimeText,
  parseTimeOfDay,
  wallClockConverter,
  type WallClockToUtc,
} from '../time-text.js';
import { carried, skip, type Position, type RowResult } from '../types.js';
import { parseAddress, parseSquawk } from './field-values.js';
import type { LineFormat, ReadContext } from './format.js';

const MESSAGE_KINDS = new Set(['MSG', 'SEL', 'ID', 'AIR', 'STA', 'CLK']);
const RECORDER_ISO_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
/** Epoch seconds (9–10 digits, a fraction allowed) or milliseconds (12–13 digits). */
const RECORDER_EPOCH_RE = /^(\d{9,10}(\.\d+)?|\d{12,13})$/;

/**
 * How an input's note says its SBS times are probably local time: the report repeats such notes
 * as warnings, since a mission is then dated hours off and may fall in another period or outside
 * the window.
 */
export const SBS_LOCAL_TIME = 'the log is probably in receiver-local time; give --source-tz';
/** Fields of an SBS line: kind, transmission type, session, aircraft, hex, flight, 4 date/time, ... */
const MIN_FIELDS = 10;

/** A callsign heard this long ago still names the flight (MSG,1 repeats every few seconds in flight). */
const CALLSIGN_CARRY_MS = 30 * 60_000;
/** Speed and track from a velocity message are carried onto positions at most this much later. */
const VELOCITY_CARRY_MS = 60_000;
/** SBS and recorder clocks further apart than this mean the SBS times are not UTC. */
const CLOCK_MISMATCH_MS = 5 * 60_000;

/** 0 when the line starts with the SBS kind, 1 when a recorder timestamp comes first, else null. */
function sbsStart(fields: readonly string[]): 0 | 1 | null {
  const first = fields[0]?.trim() ?? '';
  if (MESSAGE_KINDS.has(first)) return 0;
  const second = fields[1]?.trim() ?? '';
  if (MESSAGE_KINDS.has(second) && (RECORDER_ISO_RE.test(first) || RECORDER_EPOCH_RE.test(first))) {
    return 1;
  }
  return null;
}

/** The SBS date and time as UTC ms; null when empty; 'bad' when written but not a time. */
function sbsTime(
  date: string | undefined,
  time: string | undefined,
  toUtc: WallClockToUtc,
): number | null | 'bad' {
  if (date === undefined || time === undefined || date === '' || time === '') return null;
  const d = parseDateOnly(date);
  const t = parseTimeOfDay(time);
  if (d === null || t === null) return 'bad';
  return toUtc(d.y, d.mo, d.d, t.h, t.mi, t.s, t.ms) ?? 'bad';
}

function recorderTime(text: string | undefined, toUtc: WallClockToUtc): number | null {
  if (text === undefined) return null;
  const t = text.trim();
  if (RECORDER_EPOCH_RE.test(t)) return epochToMs(Number(t), /^\d{12,13}$/.test(t) ? 'ms' : 's');
  return parseDateTimeText(t, toUtc);
}

/** Altitudes may carry an `H` suffix when readsb reports the geometric altitude (`--gnss`). */
function parseAltitude(text: string | undefined): number | null {
  const t = text?.trim() ?? '';
  return parseNumber(t.endsWith('H') ? t.slice(0, -1) : t);
}

const HEX_FIELD_RE = /^~?[0-9A-Fa-f]{6}$/;
const DATE_FIELD_RE = /^(\d{4}\/\d{2}\/\d{2})?$/;

/** The first line really is SBS, not a CSV header that happens to start with `ID` or `MSG`. */
function looksLikeSbs(fields: readonly string[], start: 0 | 1): boolean {
  if (fields.length - start < MIN_FIELDS) return false;
  const f = (i: number): string => fields[start + i]?.trim() ?? '';
  if (f(0) === 'MSG' && !/^[1-8]$/.test(f(1))) return false;
  return HEX_FIELD_RE.test(f(4)) && DATE_FIELD_RE.test(f(6)) && DATE_FIELD_RE.test(f(8));
}

const signedClock = (ms: number): string => {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${ms < 0 ? '-' : '+'}${hh}:${mm}`;
};

interface HexState {
  callsign: string | null;
  callsignMs: number;
  speedKt: number | null;
  trackDeg: number | null;
  velocityMs: number;
}

/**
 * SBS-1 / BaseStation port-30003 lines (dump1090, readsb, BaseStation), optionally prefixed by a
 * recorder's timestamp. Positions come from MSG,2/3; the callsign of MSG,1 and the speed and track
 * of MSG,4 are carried onto the positions of the same address that follow. The SBS date and time
 * are read in `--source-tz` (readsb writes UTC, dump1090-fa receiver-local time); empty ones fall
 * back to the logged time, then to the recorder's timestamp.
 */
export const sbs: LineFormat = {
  kind: 'lines',
  name: 'sbs',
  description: 'SBS-1 / BaseStation port-30003 log',
  identifyLine(fields) {
    const start = sbsStart(fields);
    if (start === null || !looksLikeSbs(fields, start)) return null;
    return start === 1
      ? 'content: recorder timestamp + SBS-1 message line'
      : 'content: SBS-1 message line (MSG,...)';
  },
  lineParser(ctx) {
    return sbsParser(ctx);
  },
};

function sbsParser(ctx: ReadContext): (fields: readonly string[], line: number) => RowResult {
  const toUtc = wallClockConverter(ctx.options.sourceTz);
  const states = new Map<string, HexState>();
  let clockChecked = false;
  return (fields, line) => {
    const start = sbsStart(fields);
    if (start === null || fields.length - start < MIN_FIELDS) return skip('not an SBS line');
    const f = (i: number): string | undefined => fields[start + i];
    const kind = f(0)?.trim() ?? '';
    const recorderMs = start === 1 ? recorderTime(fields[0], toUtc) : null;
    const generated = sbsTime(f(6), f(7), toUtc);
    const logged = sbsTime(f(8), f(9), toUtc);
    const sbsMs =
      typeof generated === 'number' ? generated : typeof logged === 'number' ? logged : null;
    const timeMs = sbsMs ?? recorderMs;
    // A date or time written but not one (25/02/03, 2025/02/30): a bad time, not a missing one.
    if (timeMs === null && (generated === 'bad' || logged === 'bad')) return skip('bad time');
    if (timeMs === null) {
      ctx.note(
        start === 1
          ? 'some lines have neither an SBS date and time nor a readable recorder timestamp'
          : 'lines without an SBS date and time (original dump1090 writes none) and no recorder timestamp cannot be placed in time',
      );
      return skip('no timestamp');
    }
    if (!clockChecked && sbsMs !== null && recorderMs !== null) {
      clockChecked = true;
      const offset = sbsMs - recorderMs;
      if (Math.abs(offset) > CLOCK_MISMATCH_MS) {
        ctx.note(
          `SBS times run ${signedClock(offset)} from the recorder's timestamps (line ${line}): ${SBS_LOCAL_TIME}`,
        );
      }
    }
    if (kind !== 'MSG' && kind !== 'ID') return skip(`not an aircraft message (${kind})`);
    const address = parseAddress(f(4));
    if (typeof address !== 'string') return address;
    const type = kind === 'ID' ? 1 : Number(f(1)?.trim());
    let state = states.get(address);
    if (state === undefined) {
      state = { callsign: null, callsignMs: 0, speedKt: null, trackDeg: null, velocityMs: 0 };
      states.set(address, state);
    }
    if (type === 1) {
      const callsign = cleanCallsign(f(10));
      if (callsign === null)
        return skip(kind === 'ID' ? 'empty callsign (ID)' : 'empty callsign (MSG,1)');
      state.callsign = callsign;
      state.callsignMs = timeMs;
      return carried(kind === 'ID' ? 'callsign (ID)' : 'callsign (MSG,1)');
    }
    if (type === 4) {
      const speedKt = parseNumber(f(12));
      const trackDeg = parseNumber(f(13));
      if (speedKt === null && trackDeg === null) return skip('empty velocity (MSG,4)');
      state.speedKt = speedKt;
      state.trackDeg = trackDeg;
      state.velocityMs = timeMs;
      return carried('velocity (MSG,4)');
    }
    if (type !== 2 && type !== 3) {
      return Number.isInteger(type) && type >= 5 && type <= 8
        ? skip(`no position (MSG,${type})`)
        : skip('bad transmission type');
    }
    const rawLat = f(14)?.trim() ?? '';
    const rawLon = f(15)?.trim() ?? '';
    if (rawLat === '' || rawLon === '') return skip(`no position (MSG,${type})`);
    const ll = checkLatLon(parseNumber(rawLat), parseNumber(rawLon));
    if (ll === null) return skip('bad position');
    const onGround = type === 2 || parseBoolean(f(21)) === true;
    const velocityFresh = Math.abs(timeMs - state.velocityMs) <= VELOCITY_CARRY_MS;
    const callsignFresh = Math.abs(timeMs - state.callsignMs) <= CALLSIGN_CARRY_MS;
    const squawk = parseSquawk(f(17));
    const altitudeFt = parseAltitude(f(11));
    const position: Position = {
      hex: address,
      callsign: cleanCallsign(f(10)) ?? (callsignFresh ? state.callsign : null),
      timeMs,
      lat: ll.lat,
      lon: ll.lon,
      altitudeFt: onGround ? 0 : altitudeFt,
      onGround,
      groundSpeedKt: parseNumber(f(12)) ?? (velocityFresh ? state.speedKt : null),
      trackDeg: parseNumber(f(13)) ?? (velocityFresh ? state.trackDeg : null),
      typeCode: null,
      registration: null,
      dbFlags: null,
      source: { fileIndex: ctx.fileIndex, line },
    };
    return squawk === null ? position : { ...position, squawk };
  };
}
