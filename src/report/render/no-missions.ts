import type { Analysis } from '../../analyze.js';
import { KM_PER_NM } from '../../missions/territorial.js';
import { explainNoMissions, type NoMissions, type RowsAccount } from '../no-missions.js';
import { isoUtc } from '../periods.js';
import { formatDuration, plural, thousands } from './numbers.js';
import { SORTIE_REACH_MS } from '../../tracks/track-span.js';

const shortUtc = (ms: number): string => `${isoUtc(ms).slice(0, 16).replace('T', ' ')} UTC`;
/** A distance for people: whole km from 100 km, else to a tenth; and in nautical miles. */
function distanceText(km: number): string {
  const one = (x: number): string => (x >= 100 ? thousands(Math.round(x)) : x.toFixed(1));
  return `${one(km)} km (${one(km / KM_PER_NM)} NM)`;
}

/**
 * Why rows gave no position: `: their 4,184 rows were all skipped (4,184 no timestamp; sortie
 * inspect says which)`, or with some used as other messages; '' when no row was read.
 */
export function noPositionText(account: RowsAccount | null): string {
  if (account === null || account.rows === 0) return '';
  const { rows, used, skipped } = account;
  const shown = skipped.slice(0, 3).map(([reason, n]) => `${thousands(n)} ${reason}`);
  if (skipped.length > 3) shown.push(`${skipped.length - 3} other reasons`);
  const reasons = `${shown.join(', ')}; sortie inspect says which`;
  if (used === 0) {
    return `: ${rows === 1 ? 'their 1 row was' : `their ${thousands(rows)} rows were all`} skipped (${reasons})`;
  }
  const skippedRows = rows - used;
  return (
    `: of their ${thousands(rows)} rows, ${thousands(used)} carried no position (other messages)` +
    (skippedRows === 0 ? '' : ` and ${thousands(skippedRows)} were skipped (${reasons})`)
  );
}

/**
 * One paragraph saying why there is no mission, for the text and Markdown outputs. `scope` names
 * the time looked at ("in the window", or "in the inputs" when none was given); `lead` starts it
 * ("No missions", or "No coverage" where the report counts nothing).
 */
export function noMissionsText(
  n: NoMissions,
  regionName: string,
  scope: string,
  lead = 'No missions',
): string {
  const outside =
    n.missionsOutsideWindow === 0
      ? ''
      : ` ${plural(n.missionsOutsideWindow, 'mission')} ${n.missionsOutsideWindow === 1 ? 'lies' : 'lie'} outside the window.`;
  if (!n.anyPositions) {
    const unread =
      n.daysNotRead === 0
        ? ''
        : ` (${plural(n.daysNotRead, 'day archive')} not read: outside the fixes made into sorties)`;
    return `${lead}: no positions at all were read from the inputs${unread}${noPositionText(n.rowsWithoutPosition)}.`;
  }
  const leftOut = Object.entries(n.leftOutInWindow);
  if (leftOut.length > 0) {
    // Missions were found: what leaves them out is the operator selection, not the data.
    const total = leftOut.reduce((s, [, k]) => s + k, 0);
    const by = leftOut.map(([why, k]) => `${why} ${k}`).join(', ');
    return (
      `${lead} counted: ${plural(total, 'mission')} ${scope} ${total === 1 ? 'is' : 'are'} of airframes the operator selection leaves out (${by}); ` +
      `--operators all (or the class named) counts them, and sortie identify HEX says why each is left out.${outside}`
    );
  }
  if (n.surveillanceAircraft === 0) {
    const hexless =
      n.tracksWithoutAddress === 0
        ? ''
        : ` ${plural(n.tracksWithoutAddress, 'track')} without an ICAO address could not be tied to an airframe (--include-unidentified says why; --aircraft HEX names one).`;
    if (n.aircraftSeen === 0)
      return `${lead}: no position in the inputs carries an ICAO address.${hexless}`;
    const none =
      n.aircraftSeen === 1
        ? 'the only aircraft in the inputs is not'
        : `none of the ${thousands(n.aircraftSeen)} aircraft in the inputs is`;
    return (
      `${lead}: ${none} a known surveillance aircraft ` +
      `(by the bundled plane-alert-db table, its type or an --aircraft-db; see sortie inspect).${hexless}`
    );
  }
  const identified = `${thousands(n.surveillanceAircraft)} surveillance aircraft identified`;
  if (n.fixesInWindow === 0) {
    // With a reach, only the fixes near the window were read for sorties: say so, and where the
    // inputs' rows lie when none was.
    const near = `within ${SORTIE_REACH_MS / 3_600_000} hours of the window and any baseline`;
    const read = n.inputsSpan === null ? '' : ` read (those ${near})`;
    const span =
      n.fixesSpan !== null
        ? `; their fixes${read} run from ${shortUtc(n.fixesSpan.fromMs)} to ${shortUtc(n.fixesSpan.toMs)}`
        : n.inputsSpan !== null
          ? ` nor ${near}; the inputs' rows run from ${shortUtc(n.inputsSpan.fromMs)} to ${shortUtc(n.inputsSpan.toMs)}`
          : '';
    return `${lead}: ${identified}, but none has a fix ${scope}${span}.${outside}`;
  }
  const fixes = `${plural(n.fixesInWindow, 'fix', 'fixes')} of ${n.aircraftInWindow} of them ${scope}`;
  if (n.fixesInRegion > 0) {
    const inside = `${lead}: ${identified}; ${fixes}, ${thousands(n.fixesInRegion)} of those (from ${n.aircraftInRegion} aircraft) inside ${regionName}`;
    const tooBrief = `stayed inside for --min-dwell ${formatDuration(n.minDwellMs)}`;
    const k = n.enteredBefore.length;
    if (k === 0) return `${inside}, but no sortie ${tooBrief}.${outside}`;
    // The region was flown in the window by sorties counted where they first entered it.
    const named = n.enteredBefore
      .slice(0, 3)
      .map((m) => `${m.id}, first entry ${shortUtc(m.firstEntryMs)}`)
      .join('; ');
    const before =
      `first entered it before the window: a mission counts where it first enters the region ` +
      `(${named}${k > 3 ? `; ${k - 3} more` : ''})`;
    return n.othersInRegion === 0
      ? `${inside}, but in ${plural(k, 'sortie')} that ${before}.${outside}`
      : `${inside}: ${plural(k, 'sortie')} ${before}, and no other ${tooBrief}.${outside}`;
  }
  const c = n.closest;
  const closest =
    c === null
      ? ''
      : `; the closest came ${distanceText(c.distanceKm)} from it: ${c.hex} (${c.type ?? '?'} ` +
        `${c.registration ?? '?'}) at ${shortUtc(c.timeMs)} (${c.lat.toFixed(3)}, ${c.lon.toFixed(3)})`;
  return `${lead}: ${identified}; ${fixes}, none inside ${regionName}${closest}.${outside}`;
}

/** `noMissions` in the JSON outputs: the paragraph, and what it says as fields. */
export function noMissionsJson(n: NoMissions, text: string) {
  const c = n.closest;
  return {
    text,
    anyPositions: n.anyPositions,
    rowsUsed: n.rowsUsed,
    aircraftSeen: n.aircraftSeen,
    tracksWithoutAddress: n.tracksWithoutAddress,
    surveillanceAircraft: n.surveillanceAircraft,
    fixesInWindow: n.fixesInWindow,
    aircraftInWindow: n.aircraftInWindow,
    fixesFrom: n.fixesSpan === null ? null : isoUtc(n.fixesSpan.fromMs),
    fixesTo: n.fixesSpan === null ? null : isoUtc(n.fixesSpan.toMs),
    inputsFrom: n.inputsSpan === null ? null : isoUtc(n.inputsSpan.fromMs),
    inputsTo: n.inputsSpan === null ? null : isoUtc(n.inputsSpan.toMs),
    fixesInRegion: n.fixesInRegion,
    aircraftInRegion: n.aircraftInRegion,
    closest:
      c === null
        ? null
        : {
            hex: c.hex,
            type: c.type,
            registration: c.registration,
            time: isoUtc(c.timeMs),
            lat: c.lat,
            lon: c.lon,
            distanceKm: Math.round(c.distanceKm * 10) / 10,
            distanceNm: Math.round((c.distanceKm / KM_PER_NM) * 10) / 10,
          },
    missionsOutsideWindow: n.missionsOutsideWindow,
    missionsEnteredBefore: n.enteredBefore.map((m) => ({
      id: m.id,
      firstEntry: isoUtc(m.firstEntryMs),
    })),
    leftOutInWindow: n.leftOutInWindow,
    minDwell: formatDuration(n.minDwellMs),
    daysNotRead: n.daysNotRead,
  };
}

/**
 * Why no mission lies in `window` (bounds may be infinite: `scope` then says "in the inputs"), as
 * the paragraph and the JSON field.
 */
export function whyNoMissions(
  analysis: Analysis,
  window: { readonly startMs: number; readonly endMs: number },
  regionName: string,
  scope: string,
  lead?: string,
): { text: string; json: ReturnType<typeof noMissionsJson> } {
  const n = explainNoMissions(analysis, window);
  const text = noMissionsText(n, regionName, scope, lead);
  return { text, json: noMissionsJson(n, text) };
}
