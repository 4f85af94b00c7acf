import { exportGeoJson, exportGeoJsonRegions } from '../../export/geojson.js';
import { exportKml } from '../../export/kml.js';
import { emit, regionSpecs } from '../common.js';
import { UsageError, type Io } from '../io.js';
import { windowOption } from '../dates.js';
import { regionsWarnings, windowWarnings } from '../../report/window-warnings.js';
import type { OutputFile } from '../outputs.js';
import { runAnalysis, type RegionAnalysis } from '../run-analysis.js';
import type { ExportOptions } from './command-options.js';

export async function exportAction(
  inputs: string[],
  opts: ExportOptions,
  io: Io,
  setExit: (code: number) => void,
  outputs: readonly OutputFile[] = [],
): Promise<void> {
  const { fromMs, toMs } = windowOption(opts);
  const specs = regionSpecs(opts);
  if (opts.format === 'kml' && (specs.length > 1 || specs.some((s) => s.endsWith('#*')))) {
    throw new UsageError(
      'KML holds one region here; export several regions as GeoJSON (each track carries its region), or run once per region',
    );
  }
  const { regions, failures } = await runAnalysis(inputs, opts, io, outputs);
  const scope =
    opts.from === undefined && opts.to === undefined ? 'in the inputs' : 'in the window';
  // What the tracks may lack or hold wrongly, as `missions` says it: on stderr and in the file.
  const warnings = regionsWarnings(
    regions.map(
      (r) =>
        windowWarnings(
          r.analysis,
          r.territorialUnavailable,
          { startMs: fromMs, endMs: toMs },
          scope,
          opts.aircraft,
        ).told,
    ),
    regions.map((r) => r.region.id),
  );
  for (const w of warnings) io.stderr(`sortie: warning: ${w}\n`);
  const inWindow = ({ analysis, region }: RegionAnalysis) => ({
    analysis,
    region,
    missions: analysis.missions.filter(
      (m) => m.firstEntry.timeMs >= fromMs && m.firstEntry.timeMs < toMs,
    ),
  });
  const only = regions.length === 1 ? inWindow(regions[0] as RegionAnalysis) : null;
  const text =
    only === null
      ? exportGeoJsonRegions(regions.map(inWindow), opts.splitGap, warnings)
      : opts.format === 'kml'
        ? exportKml(only.analysis, only.missions, only.region, opts.splitGap, warnings)
        : exportGeoJson(only.analysis, only.missions, only.region, opts.splitGap, warnings);
  await emit(text, opts, io);
  if (failures > 0) setExit(1);
}
