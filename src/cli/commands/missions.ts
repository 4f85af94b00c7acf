import { Command, Option } from 'commander';
import { countAircraftDays } from '../../report/build-report.js';
import { hexlessTrackJson, missionJson } from '../../report/json.js';
import { renderHexlessTracks } from '../../report/render/inspect.js';
import {
  renderMissionsCsv,
  renderMissionsMarkdown,
  renderMissionsText,
} from '../../report/render/missions.js';
import { addInputOptions, emit, runAnalysis, type InputOptions } from '../common.js';
import { parseOption, type Io } from '../io.js';
import { parseInstant, parseZone } from '../options.js';

interface MissionsOptions extends InputOptions {
  tz: string;
  from?: string;
  to?: string;
  format: 'table' | 'json' | 'csv' | 'md';
  includeUnidentified?: boolean;
}

export function missionsCommand(io: Io, setExit: (code: number) => void): Command {
  const cmd = new Command('missions').description('list every mission with its evidence');
  addInputOptions(cmd)
    .option('--tz <zone>', 'time zone for --from/--to dates', parseZone, 'UTC')
    .option('--from <date>', 'only missions first entering the region at or after this')
    .option('--to <date>', 'only missions first entering the region before this')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['table', 'json', 'csv', 'md'])
        .default('table'),
    )
    .option(
      '--include-unidentified',
      'also list tracks without an ICAO address that could not be tied to an airframe (table, md, json; never counted)',
    )
    .action(async (inputs: string[], opts: MissionsOptions) => {
      const { from, to, tz } = opts;
      const fromMs =
        from === undefined ? -Infinity : parseOption('--from', () => parseInstant(from, tz));
      const toMs = to === undefined ? Infinity : parseOption('--to', () => parseInstant(to, tz));
      const { analysis, failures } = await runAnalysis(inputs, opts, io);
      const files = analysis.inputs.map((i) => i.file);
      const missions = analysis.missions.filter(
        (m) => m.firstEntry.timeMs >= fromMs && m.firstEntry.timeMs < toMs,
      );
      const unidentified = opts.includeUnidentified
        ? analysis.hexlessTracks.filter((t) => t.hex === null)
        : [];
      let text: string;
      if (opts.format === 'json') {
        text =
          JSON.stringify(
            {
              schema: 'sortie.missions/1',
              missions: missions.map((m) => missionJson(m, files)),
              aircraftDays: countAircraftDays(missions),
              ...(opts.includeUnidentified
                ? { unidentified: unidentified.map((t) => hexlessTrackJson(t, files)) }
                : {}),
            },
            null,
            2,
          ) + '\n';
      } else if (opts.format === 'csv') text = renderMissionsCsv(missions, files);
      else if (opts.format === 'md') {
        text = renderMissionsMarkdown(missions, files);
        if (unidentified.length > 0) {
          text += `\n\`\`\`\n${renderHexlessTracks(analysis, true)}\`\`\`\n`;
        }
      } else {
        text = renderMissionsText(missions, files);
        if (unidentified.length > 0) text += `\n${renderHexlessTracks(analysis, true)}`;
      }
      await emit(text, opts, io);
      if (failures > 0) setExit(1);
    });
  return cmd;
}
