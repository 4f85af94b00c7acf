/**
 * Values as SQL for the database path. Every literal goes through src/sql/literal.ts, the one
 * audited function shared with `sortie sql`: no input string is ever pasted into a query. ClickHouse
 * 18.16 has no query parameters, so values are inlined; a string the common escaping refuses (a
 * backslash, a control character) is refused here too, never written in a form a server misreads.
 */
import { numberLiteral, SqlLiteralError, stringLiteral } from '../sql/literal.js';

export type SqlValue = string | number | readonly string[];

export { SqlLiteralError as SqlValueError };

/** A value as SQL: a string, a finite number, or an array of strings. */
export function literal(value: SqlValue): string {
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return numberLiteral(value);
  if (Array.isArray(value)) {
    const items = (value as readonly unknown[]).map((v) => {
      if (typeof v !== 'string') {
        throw new SqlLiteralError(`not a string in a string array: ${String(v)}`);
      }
      return stringLiteral(v);
    });
    return `[${items.join(', ')}]`;
  }
  throw new SqlLiteralError(`not a string, number or array of strings: ${typeof value}`);
}

/**
 * A table or database name as SQL. Names come from sortie itself or from a URL's path, never from
 * row data; they are held to plain identifiers rather than quoted.
 */
export function identifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) {
    throw new SqlLiteralError(`not a plain name (letters, digits, _): ${JSON.stringify(name)}`);
  }
  return name;
}
