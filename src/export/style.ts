/** Colours per ICAO type designator, shared by the map, the KML and the chart legend. */
const TYPE_COLORS: Readonly<Record<string, string>> = {
  R135: '#d62728',
  P8: '#1f77b4',
  U2: '#9467bd',
  Q4: '#ff7f0e',
  Q9: '#8c564b',
  E3TF: '#2ca02c',
  E3CF: '#2ca02c',
  P3: '#17becf',
  E2: '#bcbd22',
  E6: '#e377c2',
  C135: '#7f7f7f',
  W135: '#7f7f7f',
};

/** Colour for the other types, and for aircraft of unknown type. */
export const OTHER_TYPE_COLOR = '#555555';

/** `#rrggbb` for a type designator. */
export function typeColor(type: string | null): string {
  return (type !== null ? TYPE_COLORS[type] : undefined) ?? OTHER_TYPE_COLOR;
}
