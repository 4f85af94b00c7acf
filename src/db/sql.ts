/**
 * The one place a value becomes SQL text. Every literal sortie sends to ClickHouse goes through
 * `literal`: no input string is ever pasted into a query. ClickHouse 18.16 has no query
 * parameters, so values are inlined, escaped here.
 *
 * Strings are single-quoted with backslash escapes for the backslash, the quote and the control
 * characters (ClickHouse reads `\\`, `\'`, `\n`, `\t`, `\r`, `\0`, `\b`, `\f`, and `\xHH`);
 * everything else passes as UTF-8. Numbers must be finite (no NaN, no Infinity: ClickHouse would
 * read those as identifiers or reject them) and are written in JavaScript's round-trip form.
 */
export type SqlValue = string | number | readonly string[];

export class SqlValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlValueError';
  }
}

const STRING_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
};

function stringLiteral(s: string): string {
  // Other control characters (and DEL) as \xHH: none can end the literal or the statement.
  // eslint-disable-next-line no-control-regex
  const body = s.replace(/[\\'\u0000-\u001f\u007f]/g, (c) => {
    const named = STRING_ESCAPES[c];
    return named ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `'${body}'`;
}

function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new SqlValueError(`not a finite number: ${String(n)}`);
  // -0 and exponent forms (1e-7) both read back as the same double in ClickHouse.
  return Object.is(n, -0) ? '0' : String(n);
}

/** A value as ClickHouse SQL: a string, a finite number, or an array of strings. */
export function literal(value: SqlValue): string {
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return numberLiteral(value);
  if (Array.isArray(value)) {
    return `[${(value as readonly string[])
      .map((v) => {
        if (typeof v !== 'string')
          throw new SqlValueError(`not a string in a string array: ${String(v)}`);
        return stringLiteral(v);
      })
      .join(', ')}]`;
  }
  throw new SqlValueError(`not a string, number or array of strings: ${typeof value}`);
}

/**
 * A table or database name as SQL. Names come from sortie itself or from a URL's path, never from
 * row data; they are held to plain identifiers rather than quoted.
 */
export function identifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) {
    throw new SqlValueError(`not a plain name (letters, digits, _): ${JSON.stringify(name)}`);
  }
  return name;
}
