/**
 * Tar files named on the command line or found in folders, put together as archives to read: the
 * parts of a split release (`x.tar.aa`, `x.tar.ab`, ...) in order as one byte stream; a release
 * holding both a whole `.tar` and split parts (adsb.lol has a few) read from one set only; and of
 * several adsb.lol releases of one UTC day (pods prod-0, staging-0, ...), one: the largest
 * complete, never `mlatonly` (MLAT positions only, not for counting).
 */
import path from 'node:path';
import { thousands } from '../../thousands.js';
import type { ArchivePart } from './byte-store.js';
import type { ArchiveChoice } from './members.js';
import type { ArchiveSpec, TarSpec } from './read-archive.js';

/**
 * A day release this big or bigger is cut into ranges when there are threads to spare: an adsb.lol
 * day (2-3.5 GB of ~300,000 small traces). Other tars (an OpenSky hour holds one big member) are
 * read whole: a range would only find that member's body.
 */
export const SPLIT_DAY_MIN_BYTES = 256 << 20;

/**
 * A tar file (its name the set's, group 1) or a split part of one (`.aa`, group 2); wget names a
 * second download of `x.tar` as `x.tar.1`, a tar file of its own (see wgetCopyOf).
 */
/** wget's suffix for another download of a file: `x.tar.1`, `x.tar.2`, ... */
const WGET_SUFFIX = String.raw`\.[1-9]\d{0,2}`;
const TAR_FILE = new RegExp(
  String.raw`^(.*\.tar(?:${WGET_SUFFIX})?)(?:\.(?!(?:gz|xz|bz|lz)$)([a-z]{2}))?$`,
  'i',
);
const WGET_COPY = new RegExp(String.raw`^(.*\.tar)${WGET_SUFFIX}$`, 'i');
/** Parts as `split -d` (`x.tar.00`, `x.tar.01`, ... `x.tar.10`) or 7-Zip (`x.tar.001`) number them. */
const NUMBERED_PART = /^(.*\.tar)\.0\d{1,2}$/i;

/**
 * The `x.tar` whose download wget named `name` (`x.tar.1`), or null: also null when a part
 * numbered as `split -d` or 7-Zip number them (`x.tar.00`, `x.tar.001`) lies among `names`, since
 * `x.tar.10` is then such a part. The caller checks that the file begins as a tar does.
 */
export function wgetCopyOf(name: string, names: readonly string[]): string | null {
  const tar = WGET_COPY.exec(name)?.[1] ?? null;
  if (tar === null) return null;
  return names.some((n) => NUMBERED_PART.exec(n)?.[1] === tar) ? null : tar;
}

/**
 * adsb.lol's release names: `v2025.02.03-planes-readsb-prod-0.tar`, or as a browser names another
 * download of it (`v2025.02.03-planes-readsb-prod-0 (1).tar`, `… (1) (1).tar`, `…prod-0(1).tar`),
 * or wget (`….tar.1`).
 */
const RELEASE_STEM = String.raw`(?:^|[\\/])v(\d{4})\.(\d{2})\.(\d{2})-planes-readsb-`;
const ADSBLOL_RELEASE = new RegExp(
  String.raw`${RELEASE_STEM}([\w-]+?)(?: ?\(\d+\))*\.tar(?:${WGET_SUFFIX})?$`,
  'i',
);
/**
 * Any name of a release's files (`.tar`, its parts, `.tar.aa…ac` for a set of them) or of a folder
 * it was extracted into: what follows the stem (the pod and any suffix) is its fourth group.
 */
const ADSBLOL_FILES = new RegExp(String.raw`${RELEASE_STEM}([^\\/]*)$`, 'i');

/** True for a file name read as (part of) a tar archive. */
export function isTarName(name: string): boolean {
  return TAR_FILE.test(name);
}

/**
 * The UTC day (YYYY-MM-DD) an adsb.lol release's file or parts name holds, or the folder it was
 * extracted into (`v2025.02.03-planes-readsb-prod-0/`, as a folder input is named), or null.
 */
export function releaseDay(name: string): string | null {
  return releaseOf(name)?.day ?? null;
}

/**
 * The adsb.lol release a file, its parts or a folder it was extracted into is named after: its UTC
 * day, and its pod (`prod-0`, `staging-0`, ...) with whatever follows it in the name; or null.
 */
export function releaseOf(name: string): { day: string; pod: string } | null {
  const m = ADSBLOL_FILES.exec(withoutTrailingSeparator(name));
  if (m === null) return null;
  return {
    day: `${m[1]}-${m[2]}-${m[3]}`,
    // What a download's name adds (`.tar`, a part's `.aa`, wget's `.1`, a browser's ` (1)`) is not.
    pod: (m[4] ?? '').replace(DOWNLOAD_SUFFIX, '').replace(/(?: ?\(\d+\))+$/, ''),
  };
}

/** What a file name adds to a release's pod: `.tar`, a part's `.aa`, wget's `.1`. */
const DOWNLOAD_SUFFIX = new RegExp(String.raw`\.tar(?:\.[a-z]{2}|${WGET_SUFFIX})?$`, 'i');

/** A path without the separators it may end with (a folder input is named `x/`). */
const withoutTrailingSeparator = (name: string): string => name.replace(/[\\/]+$/, '');

/** Why a release of this pod is not read, or null: MLAT-only pods are not for counting. */
function podLeftOut(pod: string): string | null {
  return pod.toLowerCase().includes('mlatonly')
    ? `MLAT-only pod (${pod.toLowerCase()}): positions computed by multilateration alone, a spoofing cross-check, not for counting`
    : null;
}

/**
 * Why a folder holding an adsb.lol release (named after it, as `tar -xf` into such a folder leaves
 * it; any suffix) is not read, or null.
 */
export function releaseFolderLeftOut(dir: string): string | null {
  const m = ADSBLOL_FILES.exec(dir);
  return m === null ? null : podLeftOut(m[4] ?? '');
}

/** The `.tar` name a tar file or split part (`.tar.aa`) belongs to; null for other names. */
export function tarReleaseName(name: string): string | null {
  return TAR_FILE.exec(name)?.[1] ?? null;
}

/** One archive to read, named by its release (the `.tar` name, whether or not it was split). */
export interface ArchiveInput {
  readonly name: string;
  readonly spec: TarSpec;
}

/** A file left out, and why (another asset set of the same release, another pod's copy of the day). */
export interface LeftOut {
  readonly file: string;
  readonly reason: string;
  /** The UTC day the copy left out holds, when known (its notes go unsaid outside a report's span). */
  readonly day?: string | undefined;
}

interface AssetSet {
  readonly release: string;
  readonly parts: ArchivePart[];
  readonly split: boolean;
  readonly size: number;
  /** Parts from `aa` on with none missing, each but the last the size of a split part. */
  readonly contiguous: boolean;
  /** What is missing when they are not (`part .ab is missing`, say). */
  readonly gap: string | null;
}

/** adsb.lol cuts a release over this size with `split -b 2000000000`. */
const ADSBLOL_PART_BYTES = 2_000_000_000;

/**
 * What a split set lacks, or null: a part missing before the last one found, or a part of another
 * size than a split part (adsb.lol's are 2,000,000,000 bytes; elsewhere the first part's size),
 * which lost bytes at its end or holds the wrong file. A first part cut short in a set of two no
 * bigger than a split part is not seen here (nothing says what size it had); the walk then finds
 * the bytes skipped where the parts join.
 */
function splitGap(
  release: string,
  keys: readonly string[],
  parts: readonly ArchivePart[],
): string | null {
  const last = keys[keys.length - 1] as string;
  const missing: string[] = [];
  for (let i = 0, k = 0; suffix(i) <= last && i < 26 * 26; i += 1) {
    if (keys[k] === suffix(i)) k += 1;
    else missing.push(`.${suffix(i)}`);
  }
  if (missing.length > 0) {
    return `${missing.length === 1 ? 'part' : 'parts'} ${missing.join(', ')} of ${baseName(release)} ${missing.length === 1 ? 'is' : 'are'} missing`;
  }
  // adsb.lol splits only releases over 2,000,000,000 bytes: a set that small was cut by someone
  // else (the tests' days), whose parts but the last are only known to be alike.
  const total = parts.reduce((n, p) => n + p.size, 0);
  const partBytes =
    ADSBLOL_RELEASE.test(release) && total > ADSBLOL_PART_BYTES
      ? ADSBLOL_PART_BYTES
      : (parts[0] as ArchivePart).size;
  for (const [i, p] of parts.entries()) {
    const size = thousands(p.size);
    if (i < parts.length - 1 && p.size !== partBytes) {
      return `part .${keys[i]} of ${baseName(release)} is ${size} bytes, not the ${thousands(partBytes)} of a split part: bytes are missing (or it is another file)`;
    }
    if (i === parts.length - 1 && p.size > partBytes) {
      return `part .${keys[i]} of ${baseName(release)} is ${size} bytes, more than a split part (${thousands(partBytes)})`;
    }
  }
  return null;
}

/** The last part of a path. */
const baseName = (file: string): string =>
  file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);

/** A size in decimal units, as adsb.lol's 2,000,000,000-byte parts are cut. */
function mb(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${thousands(Math.round(bytes / 1e6))} MB`;
  return `${thousands(Math.round(bytes / 1e3))} kB`;
}

/** A set's files as one name: `x.tar`, or `x.tar.aa…ac` for split parts. */
const setName = (s: AssetSet): string =>
  s.split
    ? `${s.release}.${s.parts.length === 1 ? 'aa' : `aa…${suffix(s.parts.length - 1)}`}`
    : s.release;

function suffix(index: number): string {
  return String.fromCharCode(97 + Math.floor(index / 26)) + String.fromCharCode(97 + (index % 26));
}

function assetSets(files: readonly ArchivePart[]): Map<string, AssetSet[]> {
  const byRelease = new Map<
    string,
    { whole: ArchivePart | null; pieces: Map<string, ArchivePart> }
  >();
  for (const f of files) {
    const m = TAR_FILE.exec(f.path);
    if (m === null) continue;
    const release = m[1] as string;
    const r = byRelease.get(release) ?? { whole: null, pieces: new Map() };
    if (m[2] === undefined) r.whole = f;
    else r.pieces.set((m[2] as string).toLowerCase(), f);
    byRelease.set(release, r);
  }
  const out = new Map<string, AssetSet[]>();
  for (const [release, r] of byRelease) {
    const sets: AssetSet[] = [];
    if (r.whole !== null) {
      sets.push({
        release,
        parts: [r.whole],
        split: false,
        size: r.whole.size,
        contiguous: true,
        gap: null,
      });
    }
    if (r.pieces.size > 0) {
      const keys = [...r.pieces.keys()].sort();
      const parts = keys.map((k) => r.pieces.get(k) as ArchivePart);
      const gap = splitGap(release, keys, parts);
      const size = parts.reduce((n, p) => n + p.size, 0);
      sets.push({ release, parts, split: true, size, contiguous: gap === null, gap });
    }
    out.set(release, sets);
  }
  return out;
}

/**
 * The archives to read among tar files, and the files left out. `complete` tells whether a set's
 * last bytes are the tar end-of-archive blocks (a copy or upload cut short has none).
 */
export function chooseArchives(
  files: readonly ArchivePart[],
  complete: (parts: readonly ArchivePart[]) => boolean,
): { archives: ArchiveInput[]; leftOut: LeftOut[] } {
  const leftOut: LeftOut[] = [];
  // One asset set per release.
  const releases: { set: AssetSet; complete: boolean; why: string | null }[] = [];
  for (const [, sets] of assetSets(files)) {
    const judged = sets.map((set) => ({ set, complete: set.contiguous && complete(set.parts) }));
    judged.sort(
      (a, b) =>
        Number(b.complete) - Number(a.complete) ||
        b.set.size - a.set.size ||
        Number(a.set.split) - Number(b.set.split),
    );
    const [best, ...others] = judged as [(typeof judged)[number], ...typeof judged];
    for (const o of others) {
      leftOut.push({
        file: setName(o.set),
        day: releaseDay(o.set.release) ?? undefined,
        reason: `another asset set of the same release (${o.set.parts.length} ${o.set.parts.length === 1 ? 'file' : 'parts'}, ${mb(o.set.size)}): ${baseName(setName(best.set))} is read (${best.complete ? 'complete' : 'the largest'}); the sets are alternatives, not one stream`,
      });
    }
    releases.push({
      ...best,
      why:
        others.length > 0
          ? `${setName(best.set)} read of ${sets.length} asset sets of the release`
          : null,
    });
  }
  // One release per adsb.lol day.
  const byDay = new Map<string, (typeof releases)[number][]>();
  const archives: ArchiveInput[] = [];
  for (const r of releases) {
    const m = ADSBLOL_RELEASE.exec(r.set.release);
    if (m === null) {
      archives.push(
        archiveOf(r.set, null, r.why === null ? undefined : { why: r.why, leftOut: [] }),
      );
      continue;
    }
    const day = `${m[1]}-${m[2]}-${m[3]}`;
    byDay.set(day, [...(byDay.get(day) ?? []), r]);
  }
  for (const [day, candidates] of byDay) {
    const pod = (r: (typeof candidates)[number]): string =>
      (ADSBLOL_RELEASE.exec(r.set.release)?.[4] ?? '').toLowerCase();
    const usable = candidates.filter((r) => podLeftOut(pod(r)) === null);
    const mine: LeftOut[] = [];
    for (const r of candidates) {
      const reason = podLeftOut(pod(r));
      if (reason !== null) mine.push({ file: setName(r.set), day, reason });
    }
    usable.sort(
      (a, b) =>
        Number(b.complete) - Number(a.complete) ||
        b.set.size - a.set.size ||
        (pod(a).startsWith('prod') ? 0 : 1) - (pod(b).startsWith('prod') ? 0 : 1) ||
        (pod(a) < pod(b) ? -1 : pod(a) > pod(b) ? 1 : 0) ||
        // Two downloads of one pod (`x.tar`, `x (1).tar`): the one named as adsb.lol names it.
        baseName(a.set.release).length - baseName(b.set.release).length ||
        (a.set.release < b.set.release ? -1 : 1),
    );
    const best = usable[0];
    if (best === undefined) {
      leftOut.push(...mine);
      continue;
    }
    for (const r of usable.slice(1)) {
      const same = pod(r) === pod(best);
      // Two downloads of one name in two folders: the one read named by its path.
      const read =
        baseName(best.set.release) === baseName(r.set.release)
          ? best.set.release
          : baseName(best.set.release);
      mine.push({
        file: setName(r.set),
        day,
        reason: `another ${same ? 'download' : "pod's copy"} of ${day} (${pod(r)}, ${mb(r.set.size)}${r.complete ? '' : ', incomplete'}): ${same ? read : pod(best)} is read`,
      });
    }
    leftOut.push(...mine);
    const whyPod =
      usable.length > 1
        ? `${pod(best)} read for ${day}: the largest ${best.complete ? 'complete ' : ''}copy of ${usable.length} (${mb(best.set.size)})${best.complete ? '' : '; none ends as a whole tar does'}`
        : best.complete
          ? null
          : best.set.gap !== null
            ? `${pod(best)} read for ${day}, as far as its parts go (${best.set.gap})`
            : `${pod(best)} read for ${day}: it does not end as a whole tar does (end-of-archive blocks, then at most a record of zeros): cut short?`;
    const why = [best.why, whyPod].filter((w) => w !== null).join('; ');
    const archive = archiveOf(
      best.set,
      day,
      why === '' && mine.length === 0
        ? undefined
        : { why: why || `${pod(best)} read for ${day}`, leftOut: mine },
    );
    archives.push({ ...archive, spec: { ...archive.spec, complete: best.complete } });
  }
  archives.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { archives, leftOut };
}

function archiveOf(
  set: AssetSet,
  day: string | null,
  choice: ArchiveChoice | undefined,
): ArchiveInput {
  // A split set with a part missing is read as far as its parts go; what lay in the gap is lost,
  // which the walk cannot count (it resyncs past it), so it is said here.
  const incomplete =
    set.gap === null ? undefined : `${set.gap}; members in the missing bytes are lost`;
  return { name: set.release, spec: { kind: 'tar', parts: set.parts, day, choice, incomplete } };
}

/** An input as oneCopyOfEachDay sees it: its name, and the archive read, if it is one. */
export interface DayCopy {
  readonly name: string;
  readonly archive?: ArchiveSpec | undefined;
}

/** The pod of a copy of an adsb.lol day (its release's tar, or a folder named after the release). */
function copyPod(copy: DayCopy): string | null {
  const a = copy.archive;
  if (a?.kind === 'tar') return a.day === null ? null : (releaseOf(copy.name)?.pod ?? null);
  return a?.kind === 'globe-history' && a.day !== null ? (a.releasePod ?? null) : null;
}

/**
 * The day an input holds as a copy of an adsb.lol day (its release's tar, or a folder named after
 * the release), or null for any other input: a receiver's own day, a folder dated by its traces.
 */
export function copyOfDay(copy: DayCopy): string | null {
  return copyPod(copy) === null ? null : (copy.archive?.day ?? null);
}

/** Attaches why a copy of a day is read to its archive (after any choice made before). */
function withChoice<T extends DayCopy>(copy: T, why: string, leftOut: readonly LeftOut[]): T {
  const a = copy.archive;
  if (a?.kind !== 'tar' && a?.kind !== 'globe-history') return copy;
  const had = a.choice;
  const choice: ArchiveChoice = {
    why: had === undefined ? why : `${had.why}; ${why}`,
    leftOut: [...(had?.leftOut ?? []), ...leftOut],
  };
  return { ...copy, archive: { ...a, choice } };
}

/** A folder input's name as a reason names it (`v2025.02.03-planes-readsb-prod-0/`). */
const folderName = (name: string): string => `${baseName(withoutTrailingSeparator(name))}/`;

/**
 * One copy of each adsb.lol day among the inputs. A release's tar (one set of one pod, which
 * chooseArchives chose) and folders a release was extracted into (dated by a release's name, of
 * any pod: GlobeDaySpec.releasePod), given together (a downloads folder holding both), are the
 * same data, not two feeds: read together, every row was counted twice and the day walked twice.
 * A tar that ends as a whole tar does is read, and the folders left out (sortie reads a damaged
 * tar past its damage, where `tar -x` stops and an extraction lacks the rest). Of folders without
 * such a tar, the one of a prod pod, then the first by name; a tar cut short (or with a part
 * missing) is read beside it, since the folder may hold what the tar lost. A receiver's own
 * globe_history day (dated by its path) is another feed, always read. The copy read says why
 * (its choice), the others are left out with the reason.
 */
export function oneCopyOfEachDay<T extends DayCopy>(
  inputs: readonly T[],
): { inputs: T[]; leftOut: LeftOut[] } {
  const byDay = new Map<string, T[]>();
  for (const input of inputs) {
    const day = input.archive?.day;
    if (day === null || day === undefined || copyPod(input) === null) continue;
    byDay.set(day, [...(byDay.get(day) ?? []), input]);
  }
  const leftOut: LeftOut[] = [];
  const dropped = new Set<T>();
  const chosen = new Map<T, T>();
  const pod = (c: T): string => (copyPod(c) ?? '').toLowerCase();
  for (const [day, copies] of byDay) {
    const tar = copies.find((c) => c.archive?.kind === 'tar');
    const folders = copies
      .filter((c) => c !== tar)
      .sort(
        (a, b) =>
          (pod(a).startsWith('prod') ? 0 : 1) - (pod(b).startsWith('prod') ? 0 : 1) ||
          // Two copies of one pod (`x/`, `x (1)/`): the one named as the release is.
          folderName(a.name).length - folderName(b.name).length ||
          (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
      );
    const whole = tar?.archive?.kind === 'tar' && tar.archive.complete === true;
    // One copy alone: nothing to choose between.
    if (folders.length === 0 || (tar === undefined && folders.length === 1)) continue;
    const keep = whole && tar !== undefined ? tar : (folders[0] as T);
    const out = keep === tar ? folders : folders.slice(1);
    const read = keep === tar ? baseName(keep.name) : folderName(keep.name);
    const mine = out.map(
      (o): LeftOut => ({
        file: o.name,
        day,
        reason: `${keep === tar ? 'an' : 'another'} extracted copy of ${day} (${pod(o)}): ${read} is read; copies of one day are alternatives, not two feeds`,
      }),
    );
    out.forEach((o) => dropped.add(o));
    leftOut.push(...mine);
    const why =
      keep === tar
        ? `read for ${day}, not the extracted ${out.length === 1 ? 'copy' : 'copies'} given with it`
        : [
            ...(out.length > 0
              ? [`${pod(keep)} read for ${day} of ${folders.length} extracted copies`]
              : []),
            ...(tar === undefined
              ? []
              : [
                  `read beside ${baseName(tar.name)}, which does not end as a whole tar does: both copies of ${day} are read, their fixes merged as duplicates`,
                ]),
          ].join('; ');
    chosen.set(keep, withChoice(keep, why, mine));
  }
  // A folder dated by its traces that holds, beside them, a release tar of that day (`tar -xf`
  // where the download lies) may be that release extracted, or not (a receiver's day copied
  // there, several days extracted over each other): both are read, and the folder says so.
  for (const input of inputs) {
    const a = input.archive;
    if (a?.kind !== 'globe-history' || a.dayFromTraces !== true || a.day === null) continue;
    const home = path.resolve(a.dir);
    const tar = inputs.find(
      (t) =>
        t.archive?.kind === 'tar' &&
        t.archive.day === a.day &&
        t.archive.parts.every((p) => path.dirname(path.resolve(p.path)) === home),
    );
    if (tar === undefined) continue;
    const why = `dated ${a.day} by its traces, and read beside ${baseName(tar.name)}, which lies in it and holds that day: if the folder is that release extracted, both copies are read (their fixes merged as duplicates); extracted into a folder named after the release, only the tar would be`;
    chosen.set(input, withChoice(input, why, []));
  }
  return {
    inputs: inputs.filter((i) => !dropped.has(i)).map((i) => chosen.get(i) ?? i),
    leftOut,
  };
}
