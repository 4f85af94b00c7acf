// robust-predicates 2.0.4 names types in its package.json but ships none.
declare module 'robust-predicates' {
  /** Twice the signed area of the triangle a, b, c, exact in sign (positive: counter-clockwise). */
  export function orient2d(
    ax: number,
    ay: number,
    bx: number,
    by: number,
    cx: number,
    cy: number,
  ): number;
}
