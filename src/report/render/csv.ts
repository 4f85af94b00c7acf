import Papa from 'papaparse';

/**
 * CSV text with a header row. Text cells that a spreadsheet would run as a formula (leading =, +, -,
 * @, tab, CR) are neutralised, since callsigns and file names come from untrusted inputs.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return (
    Papa.unparse(
      { fields: [...header], data: rows.map((r) => [...r]) },
      { newline: '\n', escapeFormulae: true },
    ) + '\n'
  );
}

/**
 * Several regions' CSV outputs as one table with a `region` column first (the header of the
 * first, which all share); their `# warning:` lines first, each naming its region.
 */
export function csvWithRegionColumn(ids: readonly string[], texts: readonly string[]): string {
  let header: string[] | null = null;
  const comments: string[] = [];
  const rows: unknown[][] = [];
  for (const [k, text] of texts.entries()) {
    const id = ids[k] ?? '';
    const lines = text.split('\n');
    let first = 0;
    while (lines[first]?.startsWith('#') === true) {
      comments.push((lines[first] as string).replace(/^# /, `# ${id}: `));
      first += 1;
    }
    const parsed = Papa.parse<string[]>(lines.slice(first).join('\n'), { skipEmptyLines: true });
    const [head, ...data] = parsed.data;
    header ??= head ?? [];
    for (const row of data) rows.push([id, ...row]);
  }
  return comments.map((c) => `${c}\n`).join('') + toCsv(['region', ...(header ?? [])], rows);
}
