import { Command, Option } from 'commander';
import { exportGeoJson } from '../../export/geojson.js';
import { exportKml } from '../../export/kml.js';
import { DEFAULT_SPLIT_GAP_MS } from '../../export/tracks.js';
import { addInputOptions, durationText, emit, runAnalysis, type InputOptions } from '../common.js';
import { parseOption, type Io } from '../io.js';
import { parseDuration, parseInstant, parseZone } from '../options.js';

interface ExportOptions extends InputOptions {
  tz: string;
  from?: string;
  to?: string;
  splitGap: number;
  format: 'geojson' | 'kml';
}

export function exportCommand(io: Io, setExit: (code: number) => void): Command {
  const cmd = new Command('export').description(
    "write the region and every mission's track as GeoJSON (RFC 7946) or KML (Google Earth)",
  );
  addInputOptions(cmd)
    .option('--tz <zone>', 'time zone for --from/--to dates', parseZone, 'UTC')
    .option('--from <date>', 'only missions first entering the region at or after this')
    .option('--to <date>', 'only missions first entering the region before this')
    .addOption(
      new Option(
        '--split-gap <duration>',
        'do not draw a track across a gap between fixes longer than this',
      )
        .argParser(parseDuration)
        .default(DEFAULT_SPLIT_GAP_MS, durationText(DEFAULT_SPLIT_GAP_MS)),
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['geojson', 'kml'])
        .default('geojson'),
    )
    .action(async (inputs: string[], opts: ExportOptions) => {
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
    });
  return cmd;
}
