/** One flight of an FR24 bulk `YYYYMMDD_flights.csv`: the identity its positions files lack. */
export interface Fr24FlightRecord {
  /** ICAO address (the file's `aircraft_id` is the 24-bit address written in decimal). */
  readonly hex: string | null;
  readonly registration: string | null;
  readonly typeCode: string | null;
  readonly callsign: string | null;
}

/**
 * Metadata that one input gives to others read in the same run. Readers fill and consult it; the
 * ingest resolves what was still missing once every input has been read, so the result does not
 * depend on the order of the inputs.
 */
export interface Companions {
  /** FR24 bulk flight records by flight id. */
  readonly fr24Flights: Map<string, Fr24FlightRecord>;
  /** The FR24 flight id of each bulk positions file, by input index. */
  readonly fr24FlightOfInput: Map<number, string>;
}

export function newCompanions(): Companions {
  return { fr24Flights: new Map(), fr24FlightOfInput: new Map() };
}
