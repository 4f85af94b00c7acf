/** 1234567 → "1,234,567", as en-US writes it. */
export function thousands(n: number): string {
  // Counts are whole numbers: grouping their digits here spares starting Intl's number formatter
  // (3 ms in a report, 20 ms on the reading path before a day tar's walk) in every run.
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}
