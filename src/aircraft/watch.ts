import { HexBitmap } from '../ingest/fast/hex-bitmap.js';
import type { Position } from '../ingest/types.js';
import { mayBeIdentified } from './identify.js';
import { MILITARY_RANGES } from './military-ranges.js';
import type { Registry } from './registry.js';

/**
 * Which fixes are kept for track building while reading. A fix matters only if its aircraft is
 * identified in the end, so the rules follow identification:
 * - `candidates` (first pass): every aircraft that may prove to be a surveillance aircraft (in a
 *   registry or a military address block, or a row carrying a surveillance type or the database's
 *   military flag): `mayBeIdentified`, as the single-pass reader kept them;
 * - `late` (second pass, files that can be read again): the aircraft identified only by evidence
 *   found elsewhere, whose fixes the first pass let go.
 */
export type KeepSpec =
  | { readonly kind: 'candidates' }
  | { readonly kind: 'late'; readonly hexes: readonly string[] };

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
  private candidatesRule: KeepRule | null = null;

  constructor(registry: Registry) {
    this.registry = registry;
  }

  rule(spec: KeepSpec): KeepRule {
    if (spec.kind === 'candidates') return this.candidates();
    const watch = HexBitmap.of(spec.hexes);
    const first = this.candidates().keep;
    return { keep: (p) => p.hex !== null && watch.hasHex(p.hex) && !first(p), watch };
  }

  /**
   * What the first pass keeps; its watch is every address a row without evidence may keep (the
   * registries' airframes and the military blocks), which the fast path hands over as positions.
   */
  private candidates(): KeepRule {
    if (this.candidatesRule === null) {
      const registry = this.registry;
      const watch = new HexBitmap();
      for (const hex of registry.keys()) {
        const addr = Number.parseInt(hex, 16);
        if (Number.isFinite(addr)) watch.add(addr);
      }
      for (const [lo, hi] of MILITARY_RANGES) for (let a = lo; a <= hi; a += 1) watch.add(a);
      this.candidatesRule = {
        keep: (p) => p.hex !== null && mayBeIdentified(p.hex, p, registry),
        watch,
      };
    }
    return this.candidatesRule;
  }
}
