import { HexBitmap } from '../ingest/fast/hex-bitmap.js';
import type { Position } from '../ingest/types.js';
import { identifyAircraft, mayBeIdentified, type RowEvidence } from './identify.js';
import { MILITARY_RANGES } from './military-ranges.js';
import type { Registry } from './registry.js';

const NO_EVIDENCE: RowEvidence = { typeCode: null, registration: null, dbFlags: null };

/**
 * Which fixes are kept for track building while reading. A fix matters only if its aircraft is
 * identified in the end, so the rules follow identification:
 * - `candidates` (first pass): every aircraft that may prove to be a surveillance aircraft (in a
 *   registry or a military address block, or a row carrying a surveillance type or the database's
 *   military flag): `mayBeIdentified`, as the single-pass reader kept them;
 * - `identified`: aircraft the registries identify whatever the rows say, and rows whose own
 *   evidence (type code, database flags) identifies their aircraft;
 * - `late` (second pass, files that can be read again): the aircraft identified only by evidence
 *   found elsewhere, whose fixes the first pass (`candidates`) let go;
 * - `wide` (inputs read once, standard input): also every aircraft in a registry or a military
 *   address block, as before there was a second pass;
 * - `all`: every fix.
 */
export type KeepSpec =
  | { readonly kind: 'candidates' }
  | { readonly kind: 'identified' }
  | { readonly kind: 'late'; readonly hexes: readonly string[] }
  | { readonly kind: 'wide' }
  | { readonly kind: 'all' };

/** A keep rule: the predicate, and the addresses the fast path must hand over as positions. */
export interface KeepRule {
  readonly keep: (p: Position) => boolean;
  readonly watch: HexBitmap;
}

const forRegistry = new WeakMap<Registry, KeepRules>();

/** Builds the rules for one registry; bitmaps are made once and shared by every input. */
export class KeepRules {
  /** The rules of a registry, made once per registry and thread. */
  static for(registry: Registry): KeepRules {
    let rules = forRegistry.get(registry);
    if (rules === undefined) forRegistry.set(registry, (rules = new KeepRules(registry)));
    return rules;
  }

  private readonly registry: Registry;
  private identifiedRule: KeepRule | null = null;
  private wideRule: KeepRule | null = null;
  private candidatesRule: KeepRule | null = null;

  constructor(registry: Registry) {
    this.registry = registry;
  }

  /** Aircraft identified by the registries alone: known before any row is read. */
  get upfront(): HexBitmap {
    return this.identified().watch;
  }

  rule(spec: KeepSpec): KeepRule {
    switch (spec.kind) {
      case 'candidates':
        return this.candidates();
      case 'identified':
        return this.identified();
      case 'wide':
        return this.wide();
      case 'all': {
        const watch = new HexBitmap();
        watch.bits.fill(0xff);
        return { keep: () => true, watch };
      }
      case 'late': {
        const watch = HexBitmap.of(spec.hexes);
        const first = this.candidates().keep;
        return {
          keep: (p) => p.hex !== null && watch.hasHex(p.hex) && !first(p),
          watch,
        };
      }
    }
  }

  private identified(): KeepRule {
    if (this.identifiedRule === null) {
      const registry = this.registry;
      const watch = HexBitmap.of(
        [...registry.keys()].filter((hex) => identifyAircraft(hex, NO_EVIDENCE, registry) !== null),
      );
      this.identifiedRule = {
        keep: (p) =>
          p.hex !== null &&
          (watch.hasHex(p.hex) ||
            ((p.typeCode !== null || p.dbFlags !== null) &&
              identifyAircraft(p.hex, p, registry) !== null)),
        watch,
      };
    }
    return this.identifiedRule;
  }

  /** What the first pass keeps; its watch is every address a row without evidence may keep. */
  private candidates(): KeepRule {
    if (this.candidatesRule === null) {
      const registry = this.registry;
      this.candidatesRule = {
        keep: (p) => p.hex !== null && mayBeIdentified(p.hex, p, registry),
        watch: this.wide().watch,
      };
    }
    return this.candidatesRule;
  }

  private wide(): KeepRule {
    if (this.wideRule === null) {
      const registry = this.registry;
      const first = this.identified();
      const watch = new HexBitmap(Uint8Array.from(first.watch.bits));
      for (const hex of registry.keys()) {
        const addr = Number.parseInt(hex, 16);
        if (Number.isFinite(addr)) watch.add(addr);
      }
      for (const [lo, hi] of MILITARY_RANGES) for (let a = lo; a <= hi; a += 1) watch.add(a);
      this.wideRule = {
        keep: (p) => first.keep(p) || (p.hex !== null && mayBeIdentified(p.hex, p, registry)),
        watch,
      };
    }
    return this.wideRule;
  }
}
