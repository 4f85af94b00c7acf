/**
 * OpenSky's public "states" dataset: one file per UTC hour of the sampled days,
 * `<base>/<YYYY-MM-DD>/<HH>/states_<YYYY-MM-DD>-<HH>.csv.tar`, a plain tar holding
 * `states_<YYYY-MM-DD>-<HH>.csv.gz` and the dataset's README and LICENSE. Sizes come from each
 * file's HEAD answer: the dataset has no listing sortie relies on.
 */
import { utcHourText } from './days.js';

export const OPENSKY_DATASET_BASE_URL = 'https://s3.opensky-network.org/data-samples/states';

/** The hour's file name, `states_2022-06-27-15.csv.tar`. */
export function openskyHourFile(hourMs: number): string {
  return `states_${utcHourText(hourMs)}.csv.tar`;
}

/** The hour's URL under `baseUrl` (no trailing slash needed). */
export function openskyHourUrl(baseUrl: string, hourMs: number): string {
  const text = utcHourText(hourMs);
  return `${baseUrl.replace(/\/+$/, '')}/${text.slice(0, 10)}/${text.slice(11)}/${openskyHourFile(hourMs)}`;
}
