import type { Delimiter } from '../ingest/delimiter.js';
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
