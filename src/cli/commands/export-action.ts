import { exportGeoJson } from '../../export/geojson.js';
import { exportKml } from '../../export/kml.js';
import { emit } from '../common.js';
import type { Io } from '../io.js';
import { windowOption } from '../dates.js';
import type { OutputFile } from '../outputs.js';
import { runAnalysis } from '../run-analysis.js';
import type { ExportOptions } from './command-options.js';

export async function exportAction(
  inputs: string[],
  opts: ExportOptions,
  io: Io,
  setExit: (code: number) => void,
  outputs: readonly OutputFile[] = [],
): Promise<void> {
  const { fromMs, toMs } = windowOption(opts);
  const { analysis, region, failures } = await runAnalysis(inputs, opts, io, outputs);
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
