/**
 * SBS lines whose time is written but is no time are skipped as `bad time` (not `no timestamp`,
 * which says the log writes none), and a recorder's timestamp in epoch milliseconds is read.
 */
import { describe, expect, it } from 'vitest';
import { readAll, textSource } from './helpers.js';

const msg3 = (date: string, time: string, prefix = '') =>
  `${prefix}MSG,3,1,1,AE01C7,1,${date},${time},${date},${time},,30000,,,27.5,-111.2,,,,,,`;

describe('SBS times', () => {
  it.each([
    ['two-digit year', msg3('25/02/03', '16:00:00.000'), 'bad time'],
    ['a day February lacks', msg3('2025/02/30', '16:00:00.000'), 'bad time'],
    ['an hour of 25', msg3('2025/02/03', '25:00:00.000'), 'bad time'],
    ['no date or time at all', msg3('', ''), 'no timestamp'],
  ])('%s: skipped as %s', async (_, bad, reason) => {
    const text =
      [msg3('2025/02/03', '15:59:00.000'), bad, msg3('2025/02/03', '16:01:00.000')].join('\n') +
      '\n';
    const { inputs } = await readAll([textSource('log.txt', text)]);
    expect(inputs[0]).toMatchObject({ rows: 3, used: 2 });
    expect(Object.keys(inputs[0]!.skipped)).toEqual([reason]);
  });

  it('a recorder timestamp in epoch milliseconds dates a line without an SBS time', async () => {
    const text = [msg3('', '', '1738598410000,'), msg3('', '', '1738598420000,')].join('\n') + '\n';
    const { inputs, positions } = await readAll([textSource('rec.txt', text)]);
    expect(inputs[0]).toMatchObject({ rows: 2, used: 2 });
    expect(positions.map((p) => p.timeMs)).toEqual([1738598410000, 1738598420000]);
  });
});
