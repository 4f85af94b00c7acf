/**
 * Field separators of delimited text. Spreadsheets in many European locales save "CSV" with
 * semicolons (the comma being their decimal mark), database tools write tabs, and some exports
 * use a pipe; everything else sortie reads is comma-separated.
 */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

const NAMES: Readonly<Record<Delimiter, string>> = {
  ',': 'commas',
  ';': 'semicolons',
  '\t': 'tabs',
  '|': 'pipes',
};

/** `semicolons`, `tabs`, ...: how notes and errors name a delimiter. */
export function delimiterName(delimiter: Delimiter): string {
  return NAMES[delimiter];
}

/**
 * The delimiter of a header (or first) line: the candidate found most often outside quotes, the
 * comma on a tie or when there is none (a one-column file, or the comma-separated formats).
 */
export function detectDelimiter(line: string): Delimiter {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (DELIMITERS as readonly string[]).includes(c)) {
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** A number written with a decimal comma (`26,5`, `-110,25`): locales that separate fields with `;`. */
const DECIMAL_COMMA_RE = /^\s*[-+]?\d+,\d+\s*$/;

/**
 * The fields with decimal commas turned into decimal points, or null when none has one. Only in
 * text not separated by commas: there a comma inside a field is never a decimal mark.
 */
export function withDecimalPoints(fields: readonly string[]): string[] | null {
  let out: string[] | null = null;
  for (let i = 0; i < fields.length; i += 1) {
    const f = fields[i] as string;
    if (!f.includes(',') || !DECIMAL_COMMA_RE.test(f)) continue;
    out ??= [...fields];
    out[i] = f.replace(',', '.');
  }
  return out;
}
