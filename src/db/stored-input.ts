/**
 * What reading an input told that its positions do not hold, as stored in sortie_inputs: the row
 * accounting (the same an `inspect` of the file shows), the evidence its rows carried about each
 * aircraft (type, registration, flags), and what it gives other inputs (FR24 flight records). A
 * report from the database puts these back where the reader's own result would have them.
 */
import type { Companions, Fr24FlightRecord } from '../ingest/companions.js';
import type { AircraftEvidence, InputSummary } from '../ingest/collect.js';

/** An input as recorded: identity of the file, its load, and what reading it gave. */
export interface StoredInput {
  readonly inputKey: string;
  readonly loadId: string;
  readonly file: string;
  readonly kind: 'input';
  readonly summary: InputSummary;
  readonly evidence: ReadonlyMap<string, AircraftEvidence>;
  readonly fr24Flights: ReadonlyMap<string, Fr24FlightRecord>;
  /** The FR24 flight this input's positions belong to (its own index in companions). */
  readonly fr24Flight: string | null;
}

/** A summary as JSON text (the address set as a sorted array). */
export function summaryJson(summary: InputSummary): string {
  // Addresses counted in bulk are settled into `hexes` before a summary is stored.
  const rest: Partial<InputSummary> = { ...summary };
  delete rest.bulkAddresses;
  return JSON.stringify({ ...rest, hexes: [...summary.hexes].sort() });
}

/** A summary back from its JSON text: a fresh object each time (the pipeline fills it in). */
export function summaryOfJson(text: string): InputSummary {
  const raw = JSON.parse(text) as Omit<InputSummary, 'hexes'> & { hexes: string[] };
  return { ...raw, hexes: new Set(raw.hexes) };
}

/** Evidence rows that carry anything (an address seen without any is put back from `hexes`). */
export function evidenceJson(evidence: ReadonlyMap<string, AircraftEvidence>): string {
  const rows: [string, string | null, string | null, number | null, number][] = [];
  for (const [hex, e] of evidence) {
    if (e.typeCode === null && e.registration === null && e.dbFlags === null) continue;
    rows.push([hex, e.typeCode, e.registration, e.dbFlags, e.positions]);
  }
  return JSON.stringify(rows);
}

export function evidenceOfJson(text: string): Map<string, AircraftEvidence> {
  const rows = JSON.parse(text) as [string, string | null, string | null, number | null, number][];
  return new Map(
    rows.map(([hex, typeCode, registration, dbFlags, positions]) => [
      hex,
      { typeCode, registration, dbFlags, positions },
    ]),
  );
}

/** An input's companions (read as input 0) as JSON text. */
export function companionsJson(companions: Companions): string {
  return JSON.stringify({
    flights: [...companions.fr24Flights],
    flight: companions.fr24FlightOfInput.get(0) ?? null,
  });
}

export function companionsOfJson(text: string): {
  fr24Flights: Map<string, Fr24FlightRecord>;
  fr24Flight: string | null;
} {
  const raw = JSON.parse(text) as { flights: [string, Fr24FlightRecord][]; flight: string | null };
  return { fr24Flights: new Map(raw.flights), fr24Flight: raw.flight };
}
