/**
 * adsb.lol's globe_history releases: one GitHub release per day and pod, tagged
 * `v<YYYY>.<MM>.<DD>-<pod>`, in a repository named after the year of upload (not of the data).
 * Each release holds the day as one `.tar`, or as `split` parts `.tar.aa`, `.tar.ab`, … cut at a
 * byte offset; a few releases carry both, which are the same day twice, not one stream.
 */
import { formatBytes } from './bytes-text.js';
import type { RemoteFile } from './remote-file.js';

export const ADSBLOL_OWNER = 'adsblol';

/** The repository holding releases uploaded in `year`. */
export function adsbLolRepository(year: number): string {
  return `${ADSBLOL_OWNER}/globe_history_${year}`;
}

export interface Release {
  readonly tag: string;
  readonly repository: string;
  /** The UTC day the data covers, `YYYY-MM-DD`. */
  readonly day: string;
  /** The Kubernetes pod the day was copied from, e.g. `planes-readsb-prod-0`. */
  readonly pod: string;
  readonly assets: readonly RemoteFile[];
}

const TAG = /^v(\d{4})\.(\d{2})\.(\d{2})-([A-Za-z0-9][A-Za-z0-9._-]*)$/;

/** The day and pod of a release tag; null for a tag of another shape. */
export function parseReleaseTag(tag: string): { day: string; pod: string } | null {
  const m = TAG.exec(tag);
  if (m === null) return null;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  // A real calendar day: 2025-02-30 would not survive the round trip.
  if (Number.isNaN(Date.parse(`${day}T00:00:00Z`))) return null;
  if (new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) return null;
  return { day, pod: m[4] ?? '' };
}

/**
 * A pod's role: `planes-readsb-prod-0` → `prod`, `-staging-0tmp` → `staging`, `-mlatonly-0` →
 * `mlatonly`; a name of another shape is its own role.
 */
export function podRole(pod: string): string {
  const m = /^planes-readsb-([a-z]+)-\d+[a-z]*$/.exec(pod);
  return m?.[1] ?? pod;
}

/** The role adsb.lol feeds from MLAT results alone: not the day's traffic, so not fetched unless asked. */
export const MLAT_ONLY_ROLE = 'mlatonly';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The releases in one page of GitHub's `GET /repos/{owner}/{repo}/releases` answer. Drafts and
 * tags of another shape are left out; an answer that is not a list of releases throws, naming
 * what was wrong.
 */
export function releasesFromApi(page: unknown, repository: string): Release[] {
  if (!Array.isArray(page)) throw new Error('the releases answer is not a list');
  const out: Release[] = [];
  for (const entry of page) {
    if (!isRecord(entry) || typeof entry.tag_name !== 'string') {
      throw new Error('a release without a tag_name');
    }
    if (entry.draft === true) continue;
    const parsed = parseReleaseTag(entry.tag_name);
    if (parsed === null) continue;
    const assets: RemoteFile[] = [];
    for (const a of Array.isArray(entry.assets) ? entry.assets : []) {
      if (
        !isRecord(a) ||
        typeof a.name !== 'string' ||
        typeof a.browser_download_url !== 'string' ||
        typeof a.size !== 'number' ||
        !Number.isSafeInteger(a.size) ||
        a.size < 0
      ) {
        throw new Error(`release ${entry.tag_name}: an asset without name, size or download URL`);
      }
      assets.push({ name: a.name, url: a.browser_download_url, bytes: a.size });
    }
    out.push({ tag: entry.tag_name, repository, ...parsed, assets });
  }
  return out;
}

/** One complete copy of the day in a release: a single `.tar`, or the `split` parts in order. */
export interface AssetSet {
  readonly kind: 'tar' | 'split';
  readonly files: readonly RemoteFile[];
  readonly bytes: number;
  /** Why the set cannot be the whole day (a part missing or of the wrong size); null when whole. */
  readonly problem: string | null;
}

/** `aa`, `ab`, … `az`, `ba`: the suffix `split` gives its `index`-th part. */
export function splitSuffix(index: number): string {
  return String.fromCharCode(97 + Math.floor(index / 26), 97 + (index % 26));
}

const sum = (files: readonly RemoteFile[]): number => files.reduce((s, f) => s + f.bytes, 0);

/** Why split parts (sorted by suffix) are not one whole cut file, or null. */
function splitProblem(parts: readonly RemoteFile[], tag: string): string | null {
  for (let i = 0; i < parts.length; i += 1) {
    const expected = `${tag}.tar.${splitSuffix(i)}`;
    if (parts[i]?.name !== expected) return `${expected} is missing`;
  }
  // split cuts every part but the last at the same size; a part off that size was cut short.
  const partBytes = parts[0]?.bytes ?? 0;
  for (const [i, p] of parts.entries()) {
    const last = i === parts.length - 1;
    if (last ? p.bytes === 0 || p.bytes > partBytes : p.bytes !== partBytes) {
      return `${p.name} is ${p.bytes} bytes, where split made ${last ? 'at most ' : ''}${partBytes}`;
    }
  }
  return null;
}

/** The copies of the day a release holds: its `.tar`, its split parts, or both (alternatives). */
export function assetSets(release: Release): AssetSet[] {
  const sets: AssetSet[] = [];
  const whole = release.assets.find((a) => a.name === `${release.tag}.tar`);
  if (whole !== undefined) {
    sets.push({
      kind: 'tar',
      files: [whole],
      bytes: whole.bytes,
      problem: whole.bytes === 0 ? `${whole.name} is empty` : null,
    });
  }
  const partName = new RegExp(`^${release.tag.replace(/\./g, '\\.')}\\.tar\\.[a-z]{2}$`);
  const parts = release.assets
    .filter((a) => partName.test(a.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (parts.length > 0) {
    sets.push({
      kind: 'split',
      files: parts,
      bytes: sum(parts),
      problem: splitProblem(parts, release.tag),
    });
  }
  return sets;
}

/**
 * The size adsb.lol's `update-releases.py` ranks a release by: every `.tar*` asset summed, so a
 * release carrying the day twice counts double.
 */
export function adsbLolRankBytes(release: Release): number {
  return sum(release.assets.filter((a) => /\.tar(\.[a-z]{2})?$/.test(a.name)));
}

/** Which pods to consider: roles (`prod`) or full pod names; null for every pod but mlatonly. */
export type PodChoice = readonly string[] | null;

export function podWanted(pod: string, choice: PodChoice): boolean {
  if (choice === null) return podRole(pod) !== MLAT_ONLY_ROLE;
  return choice.includes(pod) || choice.includes(podRole(pod));
}

/** The release and copy fetched for a day, or why there is none. */
export interface DayChoice {
  readonly day: string;
  readonly release: Release | null;
  readonly set: AssetSet | null;
  /** Why nothing is fetched for the day (null when a release was chosen). */
  readonly missing: string | null;
  /** What a reader should know about the choice: duplicate sets, sets not usable, another rule's pick. */
  readonly notes: readonly string[];
}

/** Prod before staging before others when sizes tie: adsb.lol's README uses prod unless it is down. */
const ROLE_ORDER = ['prod', 'staging'];
const roleRank = (pod: string): number => {
  const i = ROLE_ORDER.indexOf(podRole(pod));
  return i < 0 ? ROLE_ORDER.length : i;
};

/** The set to fetch of a release: the largest whole one; a single `.tar` before parts on a tie. */
function bestSet(release: Release): AssetSet | null {
  const whole = assetSets(release).filter((s) => s.problem === null);
  whole.sort((a, b) => b.bytes - a.bytes || (a.kind === 'tar' ? -1 : 1));
  return whole[0] ?? null;
}

function partsText(set: AssetSet): string {
  if (set.kind === 'tar') return '.tar';
  const first = set.files[0]?.name.slice(-7) ?? '';
  const last = set.files.at(-1)?.name.slice(-7) ?? '';
  return set.files.length === 1 ? first : `${first}–${last}`;
}

/**
 * adsb.lol's rule for a day (the release with the largest `.tar*` total, as `PREFERRED_RELEASES.txt`
 * lists it), fixed for releases carrying the day twice: each release counts the one whole copy it
 * would be fetched as, so a duplicate does not win by counting double. Releases of pods not
 * wanted are left out (mlatonly unless asked); sets with a missing or short part are not whole
 * copies and are passed over, said in the notes.
 */
export function chooseRelease(
  day: string,
  releases: readonly Release[],
  pods: PodChoice,
): DayChoice {
  const ofDay = releases.filter((r) => r.day === day);
  const wanted = ofDay.filter((r) => podWanted(r.pod, pods));
  const notes: string[] = [];
  const ranked: { release: Release; set: AssetSet }[] = [];
  for (const release of wanted) {
    const sets = assetSets(release);
    for (const s of sets) {
      if (s.problem !== null) notes.push(`${release.tag}: ${s.problem}; that copy is not used`);
    }
    const set = bestSet(release);
    if (set === null) continue;
    if (sets.length > 1) {
      notes.push(
        `${release.tag} carries the day twice (.tar and ${partsText(sets[1] as AssetSet)}, ${sets
          .map((s) => formatBytes(s.bytes))
          .join(' and ')}): one copy is fetched, ${partsText(set)}`,
      );
    }
    ranked.push({ release, set });
  }
  ranked.sort(
    (a, b) =>
      b.set.bytes - a.set.bytes ||
      roleRank(a.release.pod) - roleRank(b.release.pod) ||
      (a.release.tag < b.release.tag ? -1 : 1),
  );
  const best = ranked[0];
  if (best === undefined) {
    return { day, release: null, set: null, missing: missingReason(ofDay, wanted, pods), notes };
  }
  const theirs = [...wanted].sort((a, b) => adsbLolRankBytes(b) - adsbLolRankBytes(a))[0];
  if (
    theirs !== undefined &&
    theirs !== best.release &&
    adsbLolRankBytes(theirs) > adsbLolRankBytes(best.release)
  ) {
    notes.push(
      `adsb.lol's PREFERRED_RELEASES.txt picks ${theirs.tag} (${formatBytes(adsbLolRankBytes(theirs))}, every .tar* asset summed); ${best.release.tag} is the larger whole copy (${formatBytes(best.set.bytes)})`,
    );
  }
  return { day, release: best.release, set: best.set, missing: null, notes };
}

function missingReason(
  ofDay: readonly Release[],
  wanted: readonly Release[],
  pods: PodChoice,
): string {
  if (ofDay.length === 0) return 'no release';
  if (wanted.length > 0) return 'no whole copy in its releases';
  const others = [...new Set(ofDay.map((r) => r.pod))].sort().join(', ');
  if (pods === null && ofDay.every((r) => podRole(r.pod) === MLAT_ONLY_ROLE)) {
    return `only ${others} (MLAT only, not the day's traffic; --pod mlatonly fetches it)`;
  }
  return `no release of pod ${(pods ?? []).join(', ')} (there is ${others})`;
}
