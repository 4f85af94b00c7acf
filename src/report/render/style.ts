/**
 * How text output is painted, so the same layout serves a colour terminal and plain text. Colour
 * only ever wraps a string: the text, and so its width, is the same either way, and anything a
 * reader must see (a surge period's `*`) is in the text, not only in the colour.
 */
export interface Style {
  /** A table's header line. */
  readonly header: (text: string) => string;
  /** A title line and the Total row. */
  readonly title: (text: string) => string;
  /** A surge period (p below the surge level) and warnings. */
  readonly surge: (text: string) => string;
  /** Context lines and periods without coverage. */
  readonly dim: (text: string) => string;
  /** The terminal's width, when writing to one: wider tables leave out optional columns. */
  readonly width?: number;
}

const same = (text: string): string => text;

export const PLAIN: Style = { header: same, title: same, surge: same, dim: same };

/**
 * Paints each cell on its own. Written out because `cells.map(style.surge)` hands a colour
 * function map's (value, index, array), and chalk joins all three into every cell (issue 12).
 */
export function paintCells(cells: readonly string[], paint: (text: string) => string): string[] {
  return cells.map((cell) => paint(cell));
}
