export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
  /**
   * Left out, lowest first, when the table is wider than the terminal (`maxWidth`); a column
   * without one is always shown.
   */
  readonly dropOrder?: number;
  /** Its name in the note that says what was left out (the header, when that is not empty). */
  readonly name?: string;
}

/** Visible width, ignoring ANSI colour codes. */
// eslint-disable-next-line no-control-regex -- matching the ESC of ANSI colour codes is the point
const ANSI = /\u001b\[[0-9;]*m/g;
const visibleLength = (s: string): number => s.replace(ANSI, '').length;

function pad(s: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(s)));
  return align === 'right' ? fill + s : s + fill;
}

/**
 * Lays out rows in aligned columns separated by two spaces; trailing spaces are trimmed. Given a
 * `maxWidth` (a terminal's), a wider table leaves out its droppable columns one by one until it
 * fits, and says which below it: a wrapped table is unreadable, a missing column is named.
 */
export function textTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  style: { header: (s: string) => string; width?: number } = { header: (s) => s },
): string {
  const widths = columns.map((c, i) =>
    Math.max(visibleLength(c.header), ...rows.map((r) => visibleLength(r[i] ?? ''))),
  );
  const shown = columns.map(() => true);
  const tableWidth = (): number =>
    widths.reduce((sum, w, i) => sum + (shown[i] === true ? w + 2 : 0), 0) - 2;
  const dropping = columns
    .map((c, i) => ({ order: c.dropOrder, i }))
    .filter((d): d is { order: number; i: number } => d.order !== undefined)
    .sort((a, b) => a.order - b.order);
  if (style.width !== undefined) {
    for (const d of dropping) {
      if (tableWidth() <= style.width) break;
      shown[d.i] = false;
    }
  }
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => pad(cell, widths[i] ?? 0, columns[i]?.align ?? 'left'))
      .filter((_, i) => shown[i] === true)
      .join('  ')
      .trimEnd();
  const out = [style.header(line(columns.map((c) => c.header))), ...rows.map(line)];
  const left = columns.filter((_, i) => shown[i] !== true).map((c) => c.name ?? c.header);
  if (left.length > 0) {
    out.push(
      `(left out to fit ${style.width} columns: ${left.join(', ')}; a wider terminal, --out FILE or a pipe shows them)`,
    );
  }
  return out.join('\n');
}
