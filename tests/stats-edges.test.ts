import { describe, expect, it } from 'vitest';
import { parseRate } from '../src/cli/options.js';
import { statedBaseline } from '../src/report/baseline.js';
import { runCli } from './helpers.js';

describe('a stated baseline rate must be above zero', () => {
  it.each([
    ['0/month', /rate must be a finite number above zero/],
    ['0.0/day', /rate must be a finite number above zero/],
    ['-1/month', /not a rate N\/day\|week\|month\|year with N above zero/],
    ['NaN/week', /not a rate/],
    ['Infinity/year', /not a rate/],
    [`${'9'.repeat(400)}/day`, /rate must be a finite number above zero/],
  ])('%s is a usage error', (text, message) => {
    expect(() => parseRate(text)).toThrow(message);
  });

  it.each([
    ['1/month', 1, 'month'],
    ['0.5/week', 0.5, 'week'],
    [' 12 / YEAR ', 12, 'year'],
  ])('%s parses', (text, count, unit) => {
    expect(parseRate(text)).toEqual({ count, unit });
  });

  it('statedBaseline itself refuses zero, negative and non-finite rates', () => {
    for (const count of [0, -1, Number.NaN, Infinity]) {
      expect(() => statedBaseline(count, 'month')).toThrow(RangeError);
    }
  });

  it.each(['0/month', '-2/week', 'NaN/day'])(
    '--baseline-rate %s exits 2 with one line, before any input is read',
    async (rate) => {
      // The input does not exist: had it been read first, the error would be about the file.
      const r = await runCli(['report', '/nonexistent/input.csv', '--baseline-rate', rate]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^sortie: option '--baseline-rate': "[^"]+"[^\n]*\n$/);
      expect(r.stderr).not.toContain('nonexistent');
    },
  );
});
