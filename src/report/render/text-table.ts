export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

/** Visible width, ignoring ANSI colour codes. */
// eslint-disable-next-line no-control-regex -- matching the ESC of ANSI colour codes is the point
const ANSI = /\u001b\[[0-9;]*m/g;
const visibleLength = (s: string): number => s.replace(ANSI, '').length;

function pad(s: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(s)));
  return align === 'right' ? fill + s : s + fill;
}

/** Lays out rows in aligned columns separated by two spaces; trailing spaces are trimmed. */
export function textTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  style: { header: (s: string) => string } = { header: (s) => s },
): string {
  const widths = columns.map((c, i) =>
    Math.max(visibleLength(c.header), ...rows.map((r) => visibleLength(r[i] ?? ''))),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => pad(cell, widths[i] ?? 0, columns[i]?.align ?? 'left'))
      .join('  ')
      .trimEnd();
  return [style.header(line(columns.map((c) => c.header))), ...rows.map(line)].join('\n');
}
