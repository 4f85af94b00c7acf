import type { Mission } from '../missions/types.js';
import { whereText as where, type FixSources } from '../report/fix-sources.js';
import { traceLinks } from '../report/json.js';
import { isoUtc } from '../report/periods.js';
import { typeColor } from './style.js';

/** Flat, GIS-friendly properties of a mission (strings and numbers only: QGIS, ogr2ogr, Earth). */
export type MissionProperties = Readonly<Record<string, string | number | null>>;

/** The mission's identity, timing, dwell and evidence (source rows and trace-viewer links). */
export function missionProperties(m: Mission, sources: FixSources): MissionProperties {
  const links = traceLinks(m);
  return {
    missionId: m.id,
    hex: m.aircraft.hex,
    registration: m.aircraft.registration,
    type: m.aircraft.type,
    operator: m.aircraft.operator,
    operatorClass: m.aircraft.operatorClass,
    country: m.aircraft.country,
    description: m.aircraft.description,
    callsigns: m.callsigns.join(' '),
    identifiedBy: m.aircraft.identifiedBy,
    sortieStart: isoUtc(m.sortieStartMs),
    sortieEnd: isoUtc(m.sortieEndMs),
    firstEntry: isoUtc(m.firstEntry.timeMs),
    lastExit: isoUtc(m.lastExit.timeMs),
    minutesInRegion: Math.round(m.minutesInRegion * 10) / 10,
    maxAltitudeFt: m.maxAltitudeFt === null ? null : Math.round(m.maxAltitudeFt),
    positions: m.positions,
    sources: m.sourceFiles.map((i) => sources.files[i] ?? `#${i}`).join(';'),
    firstEntrySource: where(sources, m.firstEntry),
    lastExitSource: where(sources, m.lastExit),
    adsbexchange: links.adsbexchange,
    adsbLol: links.adsbLol,
    color: typeColor(m.aircraft.type),
  };
}
