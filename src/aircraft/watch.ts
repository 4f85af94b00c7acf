import { HexBitmap, type HexBitmapArrays } from '../ingest/fast/hex-bitmap.js';
import type { Position } from '../ingest/types.js';
import {
  identifiedByRegistry,
  identifyAircraft,
  mayBeIdentified,
  NO_ROW_EVIDENCE,
} from './identify.js';
import { MILITARY_RANGES } from './military-ranges.js';
import type { Registry } from './registry.js';

/**
 * Which fixes are kept for track building while reading. A fix matters only if its aircraft is
 * identified in the end, so the rules follow identification:
 * - `first` (first pass): the aircraft the registries identify, and rows that identify their
 *   aircraft by what they carry themselves (a surveillance type, say). An aircraft identified only
 *   by evidence found elsewhere (a type in another file for an address in a military block) has
 *   its other fixes read in a second pass, so the first keeps no more than it must: in a global
 *   OpenSky dump every military transport would otherwise be built and held. An input that cannot
 *   be read twice (`once`: standard input) keeps every aircraft that may prove to be one.
 * - `late` (second pass, inputs that can be read again): the aircraft identified only by evidence
 *   found elsewhere, the fixes of theirs the first pass let go.
 */
export type KeepSpec =
  | { readonly kind: 'first'; readonly once: boolean }
  | { readonly kind: 'late'; readonly hexes: readonly string[] };

/** A keep rule: the predicate, and what the fast path needs to follow it. */
export interface KeepRule {
  readonly keep: (p: Position) => boolean;
  /** The addresses whose rows the fast path must hand over as positions. */
  readonly watch: HexBitmap;
  /** Could the aircraft of this position prove to be a surveillance aircraft (coverage asks)? */
  readonly candidate: (p: Position) => boolean;
  /** The addresses `candidate` holds for rows that carry no evidence (the fast path's rows). */
  readonly candidates: HexBitmap;
  /**
   * The addresses whose archived traces are decompressed (the member's name holds the address):
   * every fix `keep` may select without evidence from the trace itself.
   */
  readonly members: HexBitmap;
}

/**
 * The bitmaps of a registry's first-pass rules, as another thread made them from the same
 * registry (KeepRules.shared): a reading thread is handed them rather than making them again
 * from its copy of the registry (10-15 ms of its start, before it can read).
 */
export interface SharedRuleBits {
  /** `first`'s watch: the addresses the registries alone identify. */
  readonly watch: HexBitmapArrays;
  /** The addresses set in `watch`, in the order the registry lists them. */
  readonly watched: readonly number[];
  /** Every address that may prove to be a surveillance aircraft's (`candidates`). */
  readonly candidates: HexBitmapArrays;
}

/**
 * What the first-pass bitmaps are made from, which depends on the registry alone: the addresses
 * the registries alone identify, and those of its airframes that may prove to be surveillance
 * aircraft (the military blocks are added to these when the bitmap is made). The build stores the
 * bundled table's (registry-snapshot.ts): asking the identification of each of its airframes took
 * 6-10 ms of every run's start, before the first byte was read.
 */
export interface RegistryLists {
  /** The addresses `identifiedByRegistry` holds, in the order the registry lists them. */
  readonly watched: readonly number[];
  /** The registry's addresses `mayBeIdentified` holds without row evidence, in its order. */
  readonly candidates: readonly number[];
}

/** The lists of `registry`, asked of each of its airframes. */
export function registryLists(registry: Registry): RegistryLists {
  const watched: number[] = [];
  const candidates: number[] = [];
  for (const [hex, entry] of registry) {
    const addr = addressOf(hex);
    if (addr < 0) continue;
    if (identifiedByRegistry(hex, entry)) watched.push(addr);
    if (mayBeIdentified(hex, NO_ROW_EVIDENCE, registry)) candidates.push(addr);
  }
  return { watched, candidates };
}

const knownLists = new WeakMap<Registry, RegistryLists>();

/**
 * Lists made before for this very registry (`registryLists` of a registry with the same content,
 * as the build stored them): its rules use them rather than asking each airframe again.
 */
export function rememberRegistryLists(registry: Registry, lists: RegistryLists): void {
  knownLists.set(registry, lists);
}

const forRegistry = new WeakMap<Registry, KeepRules>();

/** Builds the rules for one registry; bitmaps are made once and shared by every input. */
export class KeepRules {
  /**
   * The rules of a registry, made once per registry and thread; with `bits`, the bitmaps made
   * from the same registry's content elsewhere (KeepRules.shared).
   */
  static for(registry: Registry, bits?: SharedRuleBits): KeepRules {
    let rules = forRegistry.get(registry);
    if (rules === undefined) forRegistry.set(registry, (rules = new KeepRules(registry, bits)));
    return rules;
  }

  private readonly registry: Registry;
  private readonly bits: SharedRuleBits | undefined;
  private readonly made = new Map<string, KeepRule>();

  constructor(registry: Registry, bits?: SharedRuleBits) {
    this.registry = registry;
    this.bits = bits;
  }

  /**
   * The first-pass bitmaps, for a reading thread to be handed with the registry: made here if
   * they are not yet, in memory the thread then shares (no copy) where SharedArrayBuffer exists.
   */
  shared(): SharedRuleBits {
    const { watch, watched } = this.registryWatch();
    const candidates = this.candidates();
    return {
      watch: { bits: watch.bits, blocks: watch.blocks },
      watched,
      candidates: { bits: candidates.bits, blocks: candidates.blocks },
    };
  }

  rule(spec: KeepSpec): KeepRule {
    if (spec.kind === 'first') return spec.once ? this.broad() : this.first();
    const watch = HexBitmap.of(spec.hexes);
    const first = this.first().keep;
    return {
      ...this.first(),
      keep: byEvidence((p) => p.hex !== null && watch.hasHex(p.hex) && !first(p)),
      watch,
      members: watch,
    };
  }

  /** The addresses the registries alone identify. */
  registryIdentified(): HexBitmap {
    return this.first().watch;
  }

  private once(key: string, make: () => KeepRule): KeepRule {
    let rule = this.made.get(key);
    if (rule === undefined) this.made.set(key, (rule = make()));
    return rule;
  }

  private first(): KeepRule {
    return this.once('first', () => {
      const registry = this.registry;
      const { watch, watched } = this.registryWatch();
      let members: HexBitmap | undefined;
      const candidates = (): HexBitmap => this.candidates();
      const rowIdentifies = (p: Position): boolean =>
        (p.typeCode !== null || p.dbFlags !== null) &&
        identifyAircraft(p.hex as string, p, registry) !== null;
      // Asked for every position kept: a row without evidence (an OpenSky row, most traces' rows)
      // gets the answer its aircraft's first such row got (the registry does not change).
      const withoutEvidence = new Map<string, boolean>();
      const candidate = byEvidence((p: Position): boolean => {
        const hex = p.hex;
        if (hex === null) return false;
        if (p.typeCode !== null || p.dbFlags !== null) return mayBeIdentified(hex, p, registry);
        let answer = withoutEvidence.get(hex);
        if (answer === undefined) {
          answer = mayBeIdentified(hex, NO_ROW_EVIDENCE, registry);
          withoutEvidence.set(hex, answer);
        }
        return answer;
      });
      return {
        keep: byEvidence((p) => p.hex !== null && (watch.hasHex(p.hex) || rowIdentifies(p))),
        watch,
        candidate,
        candidates: this.candidates(),
        // Made only when an archive is read: most runs never ask.
        get members(): HexBitmap {
          return (members ??= withAddresses(candidates(), watched));
        },
      };
    });
  }

  /** For inputs read only once: every aircraft that may prove to be a surveillance aircraft. */
  private broad(): KeepRule {
    return this.once('broad', () => {
      const first = this.first();
      const candidate = first.candidate;
      return {
        keep: candidate,
        watch: this.candidates(),
        candidate,
        candidates: this.candidates(),
        get members(): HexBitmap {
          return first.members;
        },
      };
    });
  }

  private watchMade: { readonly watch: HexBitmap; readonly watched: readonly number[] } | null =
    null;

  private listsMade: RegistryLists | null = null;

  private lists(): RegistryLists {
    this.listsMade ??= knownLists.get(this.registry) ?? registryLists(this.registry);
    return this.listsMade;
  }

  /**
   * The addresses the registries alone identify: `first`'s watch, and the same addresses as a
   * list (the registries' few, added to `members` one by one). Handed over, or made here.
   */
  private registryWatch(): { readonly watch: HexBitmap; readonly watched: readonly number[] } {
    if (this.watchMade === null && this.bits !== undefined) {
      this.watchMade = { watch: HexBitmap.over(this.bits.watch), watched: this.bits.watched };
    }
    if (this.watchMade === null) {
      const watch = HexBitmap.shareable();
      const { watched } = this.lists();
      watch.addAll(watched);
      this.watchMade = { watch, watched };
    }
    return this.watchMade;
  }

  private candidatesBitmap: HexBitmap | null = null;

  /** Every address that may prove to be a surveillance aircraft's: handed over, or made here. */
  private candidates(): HexBitmap {
    if (this.candidatesBitmap === null && this.bits !== undefined) {
      this.candidatesBitmap = HexBitmap.over(this.bits.candidates);
    }
    if (this.candidatesBitmap === null) {
      const bits = HexBitmap.shareable();
      bits.addAll(this.lists().candidates);
      for (const [lo, hi] of MILITARY_RANGES) bits.addRange(lo, hi);
      this.candidatesBitmap = bits;
    }
    return this.candidatesBitmap;
  }
}

/**
 * A rule whose answer depends only on a position's address, type and database flags (the registry
 * does not change), its last answer kept for the next position with the same three: a trace's
 * rows all carry its header's (a day's selected traces ask it ~160,000 times in a row: ~34 ms of
 * identification, ~4 ms remembered), and so do a CSV's runs of one aircraft. The answer for rows
 * without type or flags (OpenSky's) is kept per address as well: a global dump's rows of the
 * aircraft kept come interleaved, each asking the rule again. Asking again is always right:
 * anything that differs (a NaN too) only asks the rule.
 */
function byEvidence(rule: (p: Position) => boolean): (p: Position) => boolean {
  let hex: string | null | undefined;
  let typeCode: string | null = null;
  let dbFlags: number | null = null;
  let answer = false;
  const withoutEvidence = new Map<string, boolean>();
  return (p) => {
    if (p.hex === hex && p.typeCode === typeCode && p.dbFlags === dbFlags) return answer;
    if (p.hex !== null && p.typeCode === null && p.dbFlags === null) {
      let known = withoutEvidence.get(p.hex);
      if (known === undefined) {
        known = rule(p);
        withoutEvidence.set(p.hex, known);
      }
      answer = known;
    } else answer = rule(p);
    hex = p.hex;
    typeCode = p.typeCode;
    dbFlags = p.dbFlags;
    return answer;
  };
}

/**
 * `bits` with `addresses` set as well: `watch` ∪ `candidates` made from the registries' few watched
 * addresses, not by OR-ing two 2 MiB bitmaps word by word (that and a fresh 2 MiB bitmap were
 * ~40 ms of every archive's start-up). Those addresses are candidates already as identification
 * stands (what the registries identify may be identified): then `bits` itself is the union.
 */
function withAddresses(bits: HexBitmap, addresses: readonly number[]): HexBitmap {
  if (addresses.every((addr) => bits.has(addr))) return bits;
  const out = bits.copy();
  for (const addr of addresses) out.add(addr);
  return out;
}

function addressOf(hex: string): number {
  return /^[0-9a-f]{6}$/.test(hex) ? Number.parseInt(hex, 16) : -1;
}
