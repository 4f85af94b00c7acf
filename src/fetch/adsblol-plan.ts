/**
 * Which adsb.lol release to fetch for each day of a window. A day's release sits in the repository
 * of the year it was uploaded: the data year's, or the next one's for days uploaded late (the last
 * days of December, backfills), so the next year's repository is asked only for days the first
 * did not have.
 */
import {
  adsbLolRepository,
  chooseRelease,
  podWanted,
  type DayChoice,
  type PodChoice,
  type Release,
} from './adsblol-releases.js';

/** Lists a repository's releases; null when it does not exist. */
export type ReleaseLister = (repository: string) => Promise<Release[] | null>;

export async function chooseDays(
  days: readonly string[],
  pods: PodChoice,
  list: ReleaseLister,
): Promise<DayChoice[]> {
  const byRepository = new Map<string, Release[]>();
  const releasesOf = async (year: number): Promise<Release[]> => {
    const repository = adsbLolRepository(year);
    let releases = byRepository.get(repository);
    if (releases === undefined) {
      releases = (await list(repository)) ?? [];
      byRepository.set(repository, releases);
    }
    return releases;
  };
  const found = new Map<string, Release[]>();
  const years = [...new Set(days.map((d) => Number(d.slice(0, 4))))];
  for (const year of years) {
    for (const r of await releasesOf(year)) found.set(r.day, [...(found.get(r.day) ?? []), r]);
  }
  const late = new Set(
    days.filter((d) => !(found.get(d) ?? []).some((r) => podWanted(r.pod, pods))),
  );
  for (const year of new Set([...late].map((d) => Number(d.slice(0, 4)) + 1))) {
    for (const r of await releasesOf(year)) {
      // Only days the data year's repository lacked: a tag in both would be counted twice.
      if (late.has(r.day)) found.set(r.day, [...(found.get(r.day) ?? []), r]);
    }
  }
  return days.map((day) => chooseRelease(day, found.get(day) ?? [], pods));
}
