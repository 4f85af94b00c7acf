import type { Delimiter } from '../ingest/delimiter.js';
import type { ReaderOptions } from '../ingest/formats/format.js';
import type { DateOrder } from '../ingest/time-text.js';

/** The options addReaderOptions (common.ts) defines, with --input-format: how inputs are read. */
export interface ReaderFlags {
  inputFormat?: string;
  sourceTz: string;
  map: Record<string, string>;
  units: Record<string, string>;
  delimiter?: Delimiter;
  dateOrder?: DateOrder;
  glob: string[];
}

/** What the readers are told of the flags; `scanAll`: archived traces of every address are opened. */
export function readerOptionsOf(flags: ReaderFlags, scanAll: boolean): ReaderOptions {
  return {
    sourceTz: flags.sourceTz,
    fieldMap: flags.map,
    units: flags.units,
    delimiter: flags.delimiter,
    dateOrder: flags.dateOrder,
    scanAll,
  };
}
