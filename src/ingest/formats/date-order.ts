import { InputError } from '../input-error.js';
import { printable } from '../plausible.js';
import { dayMonthFields, orderShownBy, type DateOrder } from '../time-text.js';

const ORDER_WORDS: Readonly<Record<DateOrder, string>> = {
  dmy: 'day/month/year',
  mdy: 'month/day/year',
};

/**
 * The day/month order of one file's `3/2/2025` dates: the one given (--date-order), else the one
 * the first date with a day over 12 shows, said in a note. It never changes within the file: a
 * later date in the other order is not a valid date in this one. Dates that could be either, with
 * nothing in the file to tell, are refused rather than guessed.
 */
export class DateOrderGate {
  private order: DateOrder | null;
  private ambiguous: { readonly line: number; readonly text: string } | null = null;
  private readonly note: (text: string) => void;

  constructor(given: DateOrder | undefined, note: (text: string) => void) {
    this.order = given ?? null;
    this.note = note;
  }

  /** The order known so far (null while no date has shown one). */
  get known(): DateOrder | null {
    return this.order;
  }

  /**
   * Looks at a record's date cells: 'hold' while a date that could be either order waits for a
   * later one to tell, 'parse' once the order is known or no such date has been seen.
   */
  see(cells: readonly (string | undefined)[], line: number): 'parse' | 'hold' {
    if (this.order !== null) return 'parse';
    for (const text of cells) {
      const fields = text === undefined ? null : dayMonthFields(text);
      if (fields === null) continue;
      const shown = orderShownBy(fields);
      if (shown === 'either') {
        this.ambiguous ??= { line, text: (text as string).trim() };
      } else if (shown !== null) {
        this.order = shown;
        this.note(
          `dates read as ${ORDER_WORDS[shown]}: ${printable((text as string).trim(), 40)} (line ${line}) can be read no other way (give --date-order ${shown} to state it)`,
        );
        return 'parse';
      }
    }
    return this.ambiguous === null ? 'parse' : 'hold';
  }

  /** Throws when a date could be either order and nothing seen tells which. */
  settle(why: 'end of input' | 'too many held' | 'no look-ahead'): void {
    if (this.order !== null || this.ambiguous === null) return;
    const { line, text } = this.ambiguous;
    const where = {
      'end of input': 'the file',
      'too many held': 'the rows read ahead',
      'no look-ahead': 'the rows before it',
    }[why];
    throw new InputError(
      `dates such as ${printable(text, 40)} can be day/month/year or month/day/year, and no date in ${where} tells which: give --date-order dmy or --date-order mdy`,
      line,
    );
  }

  /** The order for a record parsed without looking ahead (dBase): decided now, or refused. */
  orderFor(cells: readonly (string | undefined)[], line: number): DateOrder | null {
    if (this.see(cells, line) === 'hold') this.settle('no look-ahead');
    return this.order;
  }
}
