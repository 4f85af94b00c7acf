/**
 * What `inspect` says once for many files: a remark several inputs share, and the files that are
 * not flight data, each as one line with a count and an example rather than one line per file.
 */

export interface FileRemark {
  readonly file: string;
  readonly text: string;
}

/** Remarks made about more than one file. */
export function sharedRemarks(remarks: readonly FileRemark[]): Set<string> {
  const files = new Map<string, Set<string>>();
  for (const r of remarks) {
    const set = files.get(r.text) ?? new Set<string>();
    set.add(r.file);
    files.set(r.text, set);
  }
  return new Set([...files].filter(([, set]) => set.size > 1).map(([text]) => text));
}

/**
 * One line per distinct remark, in order of first appearance: `file: text` for a single file,
 * `N files: text (e.g. file)` for several.
 */
export function remarkLines(remarks: readonly FileRemark[], indent = '  '): string[] {
  const byText = new Map<string, string[]>();
  for (const r of remarks) {
    const files = byText.get(r.text) ?? [];
    if (!files.includes(r.file)) files.push(r.file);
    byText.set(r.text, files);
  }
  return [...byText].map(([text, files]) =>
    files.length === 1
      ? `${indent}${files[0]}: ${text}`
      : `${indent}${files.length} files: ${text} (e.g. ${files[0]})`,
  );
}
