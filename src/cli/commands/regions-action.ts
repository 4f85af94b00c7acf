import { BUILTIN_REGIONS, DEFAULT_REGION_ID } from '../../geo/builtin-regions.js';
import { textTable } from '../../report/render/text-table.js';
import { outputStyle } from '../color.js';
import { emit } from '../common.js';
import { loadRegion } from '../context.js';
import type { Io } from '../io.js';
import type { RegionsOptions } from './command-options.js';

export async function regionsAction(opts: RegionsOptions, io: Io): Promise<void> {
  const regions = await Promise.all(
    BUILTIN_REGIONS.map(async (r) => ({ ...r, region: await loadRegion(r.id) })),
  );
  const rows = regions.map((r) => ({
    id: r.id,
    name: r.region.name,
    default: r.id === DEFAULT_REGION_ID,
    bbox: r.region.bbox,
    source: r.region.source,
    provenance: r.source,
    summary: r.summary,
    territorialVerdicts: r.coast !== null,
  }));
  const text =
    opts.format === 'json'
      ? JSON.stringify({ schema: 'sortie.regions/1', regions: rows }, null, 2) + '\n'
      : textTable(
          [
            { header: 'Id' },
            { header: 'Bounding box (W,S,E,N)' },
            { header: 'Description' },
            { header: 'Source' },
          ],
          rows.map((r) => [
            r.id + (r.default ? ' (default)' : ''),
            r.bbox.map((x) => x.toFixed(2)).join(','),
            r.summary,
            r.provenance,
          ]),
          await outputStyle(opts, io),
        ) +
        '\n\nOr give --region FILE.geojson (every Polygon/MultiPolygon feature in it). Sources and licences: data/regions/SOURCES.md.\n';
  await emit(text, opts, io);
}
