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
