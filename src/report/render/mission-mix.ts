import type { Mission } from '../../missions/types.js';

const ORDER = {
  pattern: ['orbit', 'racetrack', 'patrol', 'transit'],
  territorial: ['international', 'undetermined', 'entered-territorial'],
} as const;

function tally(values: readonly string[], order: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of order) {
    const n = values.filter((x) => x === v).length;
    if (n > 0) counts[v] = n;
  }
  return counts;
}

/** How the window's missions split by flight pattern and by territorial verdict. */
export function missionMix(missions: readonly Mission[]): {
  byPattern: Record<string, number>;
  byTerritorial: Record<string, number>;
} {
  return {
    byPattern: tally(
      missions.map((m) => m.pattern),
      ORDER.pattern,
    ),
    byTerritorial: tally(
      missions.flatMap((m) => (m.territorial === null ? [] : [m.territorial.verdict])),
      ORDER.territorial,
    ),
  };
}

const list = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

/** One paragraph for the text and Markdown reports. */
export function missionMixText(missions: readonly Mission[]): string {
  const { byPattern, byTerritorial } = missionMix(missions);
  // A region without coast data (a land band) gives no verdicts: not the same as no missions.
  const territorial =
    missions.length > 0 && missions.every((m) => m.territorial === null)
      ? 'not measured for this region'
      : list(byTerritorial);
  return (
    `Missions in the window by flight pattern: ${list(byPattern)}. ` +
    `By territorial airspace (12 NM from the Natural Earth coast, normal baselines; see sortie missions for each): ${territorial}.\n`
  );
}
