/**
 * A line longer than 1 MiB is no record of any format read: skipped as `line too long`, wherever
 * it lies (within one of the reader's chunks, or across several), and the rows around it read.
 */
import { describe, expect, it } from 'vitest';
import { lineBatches, MAX_LINE_CHARS, OVERLONG_LINE } from '../src/ingest/decode.js';

async function lines(parts: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  async function* chunks() {
    for (const p of parts) yield Buffer.from(p);
  }
  for await (const batch of lineBatches(chunks())) out.push(...batch);
  return out;
}

const long = (n: number) => 'x'.repeat(n);

describe('lineBatches and over-long lines', () => {
  it.each([
    ['within one chunk (LF)', ['a\n' + long(MAX_LINE_CHARS + 1) + '\nb\n'], '\n'],
    ['within one chunk (CRLF)', ['a\r\n' + long(MAX_LINE_CHARS + 5) + '\r\nb\r\n'], '\r\n'],
    [
      'across chunks',
      ['a\n' + long(MAX_LINE_CHARS / 2), long(MAX_LINE_CHARS / 2 + 1) + '\nb\n'],
      '\n',
    ],
    ['the last line, no newline', ['a\nb\n' + long(MAX_LINE_CHARS + 1)], '\n'],
  ])('%s: dropped, counted once, the rest kept', async (name, parts) => {
    const got = await lines(parts);
    const expected = name.startsWith('the last')
      ? ['a', 'b', OVERLONG_LINE]
      : ['a', OVERLONG_LINE, 'b'];
    expect(got).toEqual(expected);
  });

  it('a line of exactly 1 MiB is kept', async () => {
    const got = await lines(['a\n' + long(MAX_LINE_CHARS) + '\nb\n']);
    expect(got.map((l) => l.length)).toEqual([1, MAX_LINE_CHARS, 1]);
  });
});
