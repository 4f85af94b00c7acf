import { describe, expect, it } from 'vitest';
import { emptySummary } from '../src/ingest/archive/members.js';
import { fixSources, whereText } from '../src/report/fix-sources.js';

/** An archive whose members a, b, c hold records 1–3, 4–10 and 11–12. */
function archive() {
  const summary = emptySummary('tar', ['day.tar']);
  summary.readMembers?.names.push('./traces/c7/a.json', 'b.csv', 'c.csv');
  summary.readMembers?.recordsBefore.push(0, 3, 10);
  return summary;
}

describe('fix sources', () => {
  const sources = fixSources([
    { file: 'plain.csv' },
    { file: 'day.tar', archive: archive() },
    // An input a database stored before members were kept: its record numbers stand as they are.
    { file: 'old.tar', archive: { ...archive(), readMembers: undefined } },
  ]);

  it.each([
    [0, 7, { file: 'plain.csv', member: null, line: 7 }],
    [1, 1, { file: 'day.tar', member: './traces/c7/a.json', line: 1 }],
    [1, 3, { file: 'day.tar', member: './traces/c7/a.json', line: 3 }],
    [1, 4, { file: 'day.tar', member: 'b.csv', line: 1 }],
    [1, 10, { file: 'day.tar', member: 'b.csv', line: 7 }],
    [1, 11, { file: 'day.tar', member: 'c.csv', line: 1 }],
    [1, 12, { file: 'day.tar', member: 'c.csv', line: 2 }],
    [1, 0, { file: 'day.tar', member: null, line: 0 }],
    [2, 5, { file: 'old.tar', member: null, line: 5 }],
    [5, 2, { file: '#5', member: null, line: 2 }],
  ])('input %i, record %i', (fileIndex, line, expected) => {
    expect(sources.locate({ fileIndex, line })).toEqual(expected);
  });

  it('writes file:line, or archive:member:line', () => {
    expect(whereText(sources, { fileIndex: 0, line: 7 })).toBe('plain.csv:7');
    expect(whereText(sources, { fileIndex: 1, line: 5 })).toBe('day.tar:b.csv:2');
    expect(sources.files).toEqual(['plain.csv', 'day.tar', 'old.tar']);
  });
});
