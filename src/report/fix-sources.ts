/**
 * Where a cited fix lies in the inputs, as a reader finds it again: the file and its line, or for
 * a fix read from an archive the member and the line (or trace point) inside it. Rows of an
 * archive are numbered across the members read, which says nothing to someone opening the tar;
 * the archive's list of read members turns that number back into member and line.
 */
import { memberOfRecord, type ArchiveSummary } from '../ingest/archive/members.js';

/** A fix's place in its input: `member` is null for plain files. */
export interface FixSource {
  readonly file: string;
  readonly member: string | null;
  /** The line of the file or member (for a readsb trace, its point, from 1). */
  readonly line: number;
}

export interface FixSources {
  /** The inputs' names, by file index. */
  readonly files: readonly string[];
  locate(ref: { readonly fileIndex: number; readonly line: number }): FixSource;
}

interface SourceInput {
  readonly file: string;
  readonly archive?: ArchiveSummary | undefined;
}

/** The locator for an analysis's inputs (in their file-index order). */
export function fixSources(inputs: readonly SourceInput[]): FixSources {
  const files = inputs.map((i) => i.file);
  return {
    files,
    locate(ref) {
      const file = files[ref.fileIndex] ?? `#${ref.fileIndex}`;
      const read = inputs[ref.fileIndex]?.archive?.readMembers;
      if (read === undefined) return { file, member: null, line: ref.line };
      const i = memberOfRecord(read, ref.line);
      const member = read.names[i];
      const before = read.recordsBefore[i];
      if (member === undefined || before === undefined)
        return { file, member: null, line: ref.line };
      return { file, member, line: ref.line - before };
    },
  };
}

/** `file:line`, or `archive:member:line` for a fix read inside an archive. */
export function whereText(sources: FixSources, ref: { fileIndex: number; line: number }): string {
  const s = sources.locate(ref);
  return s.member === null ? `${s.file}:${s.line}` : `${s.file}:${s.member}:${s.line}`;
}

/**
 * Where an input's records lie, for lists of them (the first rows skipped): `line 6, 10` for a
 * plain file, `./traces/c7/trace_full_ae01c7.json:6, :10` inside an archive (the member named once
 * for a run of records in it).
 */
export function recordsText(
  input: SourceInput & { readonly format?: string | null },
  lines: readonly number[],
): string {
  const places = memberPlaces(input, lines);
  if (places === null) return `${RECORD_WORDS[input.format ?? ''] ?? 'line'} ${lines.join(', ')}`;
  return places
    .map(({ member, line }, k) =>
      member === null
        ? `record ${line}`
        : member === places[k - 1]?.member
          ? `:${line}`
          : `${member}:${line}`,
    )
    .join(', ');
}

/**
 * What a record number counts in inputs read whole, not by line (docs/json.md): an aircraft.json
 * entry, a readsb trace's point, a dBase record. "line 7659" sent a reader to the wrong place.
 */
const RECORD_WORDS: Readonly<Record<string, string>> = {
  'aircraft-json': 'aircraft entry',
  'readsb-trace': 'trace point',
  dbf: 'record',
};

/** The members and lines of an archive input's records (null for a plain file). */
export function memberPlaces(
  input: SourceInput,
  lines: readonly number[],
): { member: string | null; line: number }[] | null {
  if (input.archive?.readMembers === undefined) return null;
  const sources = fixSources([input]);
  return lines.map((line) => {
    const at = sources.locate({ fileIndex: 0, line });
    return { member: at.member, line: at.line };
  });
}
