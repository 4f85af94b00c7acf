import { countAircraftDays } from '../../report/build-report.js';
import { fixSources } from '../../report/fix-sources.js';
import { hexlessTrackJson, missionJson, notReadJson } from '../../report/json.js';
import { renderHexlessTracks } from '../../report/render/inspect.js';
import { whyNoMissions } from '../../report/render/no-missions.js';
import { regionsWarnings, windowWarnings } from '../../report/window-warnings.js';
import {
  renderMissionsCsv,
  renderMissionsMarkdown,
  renderMissionsText,
} from '../../report/render/missions.js';
import { outputStyle } from '../color.js';
import { emit } from '../common.js';
import type { Io } from '../io.js';
import { windowOption } from '../dates.js';
import type { OutputFile } from '../outputs.js';
import { runAnalysis, type RegionAnalysis } from '../run-analysis.js';
import { trackSpanOf } from '../../tracks/track-span.js';
import { csvWithRegionColumn } from '../../report/render/csv.js';
import { BATCH_SCHEMA } from '../../report/render/report-batch.js';
import type { MissionsOptions } from './command-options.js';

export async function missionsAction(
  inputs: string[],
  opts: MissionsOptions,
  io: Io,
  setExit: (code: number) => void,
  outputs: readonly OutputFile[] = [],
): Promise<void> {
  const { fromMs, toMs } = windowOption(opts);
  // As a report: only the fixes within reach of the window are made into sorties (or asked of a
  // database).
  const trackSpan = trackSpanOf([{ startMs: fromMs, endMs: toMs }]);
  const loaded = await runAnalysis(inputs, opts, io, outputs, trackSpan);
  const lists = await Promise.all(
    loaded.regions.map((r) => regionMissions(r, opts, io, fromMs, toMs)),
  );
  // As `report`: a table on the terminal shows them on the same screen already.
  const onScreen = opts.format === 'table' && io.stdoutIsTTY && opts.out === undefined;
  const told = regionsWarnings(
    lists.map((l) => l.told),
    loaded.regions.map((r) => r.region.id),
  );
  for (const w of onScreen ? [] : told) io.stderr(`sortie: warning: ${w}\n`);
  let text: string;
  const only = lists[0];
  if (lists.length === 1 && only !== undefined) text = only.text;
  else if (opts.format === 'json') {
    text =
      JSON.stringify(
        {
          schema: BATCH_SCHEMA,
          regions: loaded.regions.map(({ region }, k) => ({
            id: region.id,
            name: region.name,
            source: region.source,
            missions: lists[k]?.count ?? 0,
          })),
          reports: lists.map((l) => l.json),
        },
        null,
        2,
      ) + '\n';
  } else if (opts.format === 'csv') {
    text = csvWithRegionColumn(
      loaded.regions.map((r) => r.region.id),
      lists.map((l) => l.text),
    );
  } else {
    text = lists
      .map((l, k) => {
        const { id, name } = loaded.regions[k]!.region;
        return opts.format === 'md'
          ? `# ${id}: ${name}\n\n${l.text}`
          : `== ${id}: ${name} ==\n\n${l.text}`;
      })
      .join('\n');
  }
  await emit(text, opts, io);
  if (loaded.failures > 0) setExit(1);
}

/** One region's missions in `opts.format`, its JSON, and the warnings to say on stderr. */
async function regionMissions(
  { analysis, region, territorialUnavailable }: RegionAnalysis,
  opts: MissionsOptions,
  io: Io,
  fromMs: number,
  toMs: number,
): Promise<{ text: string; json: unknown; told: string[]; count: number }> {
  const sources = fixSources(analysis.inputs);
  const missions = analysis.missions.filter(
    (m) => m.firstEntry.timeMs >= fromMs && m.firstEntry.timeMs < toMs,
  );
  const scope =
    opts.from === undefined && opts.to === undefined ? 'in the inputs' : 'in the window';
  const whyNone =
    missions.length > 0
      ? null
      : whyNoMissions(analysis, { startMs: fromMs, endMs: toMs }, region.name, scope);
  const unidentified = opts.includeUnidentified
    ? analysis.hexlessTracks.filter((t) => t.hex === null)
    : [];
  // Archives damaged, days missing and missions left out change what is listed: said on stderr
  // and at the top of every output (CSV as `# warning:` lines).
  const { warnings, told } = windowWarnings(
    analysis,
    territorialUnavailable,
    { startMs: fromMs, endMs: toMs },
    scope,
    opts.aircraft,
  );
  const oneLine = (w: string): string => w.replace(/[\r\n]+/g, ' ');
  const json = {
    schema: 'sortie.missions/1',
    warnings,
    missions: missions.map((m) => missionJson(m, sources)),
    aircraftDays: countAircraftDays(missions, opts.tz),
    noMissions: whyNone?.json ?? null,
    inputsNotRead: analysis.notRead.map(notReadJson),
    ...(opts.includeUnidentified
      ? { unidentified: unidentified.map((t) => hexlessTrackJson(t, sources.files)) }
      : {}),
  };
  let text: string;
  if (opts.format === 'json') {
    text = JSON.stringify(json, null, 2) + '\n';
  } else if (opts.format === 'csv') {
    text =
      told.map((w) => `# warning: ${oneLine(w)}\n`).join('') + renderMissionsCsv(missions, sources);
  } else if (opts.format === 'md') {
    text =
      told.map((w) => `> **Warning:** ${oneLine(w)}\n\n`).join('') +
      renderMissionsMarkdown(missions, sources, whyNone?.text, opts.tz);
    if (unidentified.length > 0) {
      text += `\n\`\`\`\n${renderHexlessTracks(analysis, true)}\`\`\`\n`;
    }
  } else {
    const style = await outputStyle(opts, io);
    text =
      told.map((w) => `${style.surge(`Warning: ${oneLine(w)}`)}\n`).join('') +
      renderMissionsText(missions, sources, style, whyNone?.text, opts.tz);
    if (unidentified.length > 0) text += `\n${renderHexlessTracks(analysis, true, style)}`;
  }
  return { text, json, told, count: missions.length };
}
