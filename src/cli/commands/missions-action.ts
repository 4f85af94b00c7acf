import { countAircraftDays } from '../../report/build-report.js';
import { hexlessTrackJson, missionJson } from '../../report/json.js';
import { renderHexlessTracks } from '../../report/render/inspect.js';
import {
  renderMissionsCsv,
  renderMissionsMarkdown,
  renderMissionsText,
} from '../../report/render/missions.js';
import { emit } from '../common.js';
import type { Io } from '../io.js';
import { windowOption } from '../dates.js';
import type { OutputFile } from '../outputs.js';
import { runAnalysis } from '../run-analysis.js';
import type { MissionsOptions } from './command-options.js';

export async function missionsAction(
  inputs: string[],
  opts: MissionsOptions,
  io: Io,
  setExit: (code: number) => void,
  outputs: readonly OutputFile[] = [],
): Promise<void> {
  const { fromMs, toMs } = windowOption(opts);
  const { analysis, failures } = await runAnalysis(inputs, opts, io, outputs);
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
}
