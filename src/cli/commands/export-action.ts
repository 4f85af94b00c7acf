import { exportGeoJson } from '../../export/geojson.js';
import { exportKml } from '../../export/kml.js';
import { emit } from '../common.js';
import { parseOption, type Io } from '../io.js';
import { parseInstant } from '../dates.js';
import { runAnalysis } from '../run-analysis.js';
import type { ExportOptions } from './export.js';

export async function exportAction(
  inputs: string[],
  opts: ExportOptions,
  io: Io,
  setExit: (code: number) => void,
): Promise<void> {
  const { from, to, tz } = opts;
  const fromMs =
    from === undefined ? -Infinity : parseOption('--from', () => parseInstant(from, tz));
  const toMs = to === undefined ? Infinity : parseOption('--to', () => parseInstant(to, tz));
  const { analysis, region, failures } = await runAnalysis(inputs, opts, io);
  const missions = analysis.missions.filter(
    (m) => m.firstEntry.timeMs >= fromMs && m.firstEntry.timeMs < toMs,
  );
  const text =
    opts.format === 'kml'
      ? exportKml(analysis, missions, region, opts.splitGap)
      : exportGeoJson(analysis, missions, region, opts.splitGap);
  await emit(text, opts, io);
  if (failures > 0) setExit(1);
}
