/**
 * The one way a value becomes SQL text. Every literal sortie writes into a query passes through
 * here, never a pasted input string, and the result reads the same in Trino and in ClickHouse
 * (18.16 and current): the two dialects agree on a single quote doubled, but ClickHouse reads a
 * backslash as an escape where Trino keeps it, so text that holds one (or a control character)
 * is refused rather than written in a form one of them would misread.
 */

export class SqlLiteralError extends Error {}

/** A string literal: 'text', single quotes doubled. */
export function stringLiteral(text: string): string {
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\' || code < 0x20 || code === 0x7f) {
      throw new SqlLiteralError(
        `cannot write ${JSON.stringify(text)} as an SQL string that Trino and ClickHouse read alike`,
      );
    }
  }
  return `'${text.replaceAll("'", "''")}'`;
}

/** A number literal in plain decimal (no exponent, which an integer column may refuse). */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new SqlLiteralError(`cannot write ${value} as an SQL number`);
  if (Number.isInteger(value)) return BigInt(value).toString();
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Tiny or huge non-integers: fixed notation with enough digits to round-trip a double.
  return value.toFixed(20).replace(/0+$/, '');
}

/**
 * A table name: one identifier or dotted ones (`minio.osky.state_vectors_data4`), letters, digits
 * and underscores, written bare (both dialects fold nothing that matters here).
 */
export function tableName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}$/.test(name)) {
    throw new SqlLiteralError(
      `"${name}" is not a table name (letters, digits and _, dotted as catalog.schema.table)`,
    );
  }
  return name;
}
