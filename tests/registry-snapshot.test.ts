import { isAscii } from 'node:buffer';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeRegistrySnapshot,
  encodeRegistrySnapshot,
  REGISTRY_SNAPSHOT_NAME,
  StoredRegistry,
} from '../src/aircraft/registry-snapshot.js';
import { statesNamed } from '../src/aircraft/operator-class.js';
import { postedRegistry, receivedRegistry } from '../src/ingest/threads/worker-protocol.js';
import type { Registry } from '../src/aircraft/registry.js';
import { KeepRules, registryLists, rememberRegistryLists } from '../src/aircraft/watch.js';
import { BUNDLED_REGISTRY_FILE, loadRegistry, parseBundledRegistry } from '../src/cli/context.js';

const table = readFileSync(path.join('data', BUNDLED_REGISTRY_FILE));
const parsed = (): Registry => parseBundledRegistry(table);
const snapshotOf = (registry: Registry): Buffer =>
  Buffer.from(encodeRegistrySnapshot(registry, registryLists(registry), table), 'latin1');

describe('the bundled table stored as the build stores it', () => {
  it('reads back the entries parseRegistry gives, in order, and the lists asked of them', () => {
    const registry = parsed();
    const file = snapshotOf(registry);
    // Written in ASCII: the few characters beyond it (operators' names) are escaped.
    expect(isAscii(file)).toBe(true);
    expect(isAscii(table)).toBe(false);
    const stored = decodeRegistrySnapshot(file, table);
    expect(stored).not.toBeNull();
    expect([...(stored?.registry.entries() ?? [])]).toEqual([...registry.entries()]);
    expect(stored?.lists).toEqual(registryLists(registry));
    // What each operator's name names, for every name the entries carry.
    const operators = [...registry.values()].flatMap((e) =>
      e.operator === null ? [] : [e.operator],
    );
    expect(stored?.states).toEqual(statesNamed(operators));
    expect(new Set(stored?.states.map(([name]) => name))).toEqual(new Set(operators));
    expect(stored?.states).toContainEqual(['United States Navy', 'US']);
    expect(stored?.lists.watched.length).toBeGreaterThan(1000);
    expect(stored?.lists.candidates.length).toBeGreaterThanOrEqual(
      stored?.lists.watched.length ?? Infinity,
    );
    // The airframe of the February 2025 missions, cited by its row.
    expect(stored?.registry.get('ae01c7')).toMatchObject({
      registration: '64-14845',
      row: expect.stringMatching(/^data\/aircraft\/isr-aircraft\.csv:\d+$/) as unknown,
    });
  });

  it('is not used when made from another table, damaged, cut, or of another format', () => {
    const file = snapshotOf(parsed());
    const otherTable = Buffer.concat([table, Buffer.from('\n')]);
    expect(decodeRegistrySnapshot(file, otherTable)).toBeNull();
    const at = file.indexOf('"64-14845"');
    const damaged = Buffer.from(file);
    damaged[at + 1] = 0x37; // "74-14845"
    expect(decodeRegistrySnapshot(damaged, table)).toBeNull();
    expect(decodeRegistrySnapshot(file.subarray(0, file.length - 10), table)).toBeNull();
    expect(decodeRegistrySnapshot(file.subarray(0, 40), table)).toBeNull();
    expect(decodeRegistrySnapshot(Buffer.alloc(0), table)).toBeNull();
    const format = Buffer.from(file.toString('latin1').replace(/snapshot-v\d+/, 'snapshot-v9'));
    expect(decodeRegistrySnapshot(format, table)).toBeNull();
  });

  it('keep rules made from remembered lists have the bitmaps asked of each airframe', () => {
    const registry = parsed();
    const copy: Registry = new Map(registry);
    rememberRegistryLists(registry, registryLists(registry));
    const remembered = KeepRules.for(registry).shared();
    const asked = KeepRules.for(copy).shared();
    expect(remembered.watched).toEqual(asked.watched);
    for (const key of ['watch', 'candidates'] as const) {
      for (const part of ['bits', 'blocks'] as const) {
        const same = Buffer.compare(
          Buffer.from(remembered[key][part]),
          Buffer.from(asked[key][part]),
        );
        expect(same).toBe(0);
      }
    }
  });

  it("the build's snapshot fits the bundled table; a run loads the table from it", async () => {
    const beside = path.join('dist/bundle', REGISTRY_SNAPSHOT_NAME);
    expect(decodeRegistrySnapshot(readFileSync(beside), table)).not.toBeNull();
    const loaded = await loadRegistry([], [], beside);
    expect(loaded.bundledFrom).toBe('snapshot');
    expect([...loaded.registry.entries()]).toEqual([...parsed().entries()]);
    // Code run from the sources has no snapshot beside it: the table is parsed.
    const fromSources = await loadRegistry([]);
    expect(fromSources.bundledFrom).toBe('table');
    expect([...fromSources.registry.entries()]).toEqual([...loaded.registry.entries()]);
    // With another database the merge is made as before, the bundled entries from the snapshot.
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-snapshot-'));
    try {
      const mine = path.join(dir, 'mine.csv');
      writeFileSync(
        mine,
        '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link\n' +
          'A12345,N12345,Someone,Beechcraft King Air 350,B350,Civ,,,,,\n',
      );
      const withDb = await loadRegistry([mine], [], beside);
      expect(withDb.bundledFrom).toBe('snapshot');
      expect(withDb.registry.size).toBe(loaded.registry.size + 1);
      expect(withDb.registry.get('a12345')?.source).toBe('mine.csv');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses an entry when it is first asked for, each once, and iterates like the parsed Map', () => {
    const registry = parsed();
    const stored = decodeRegistrySnapshot(snapshotOf(registry), table)?.registry;
    if (!(stored instanceof StoredRegistry)) throw new Error('the snapshot did not read back');
    expect(stored.size).toBe(registry.size);
    expect(stored.has('ae01c7')).toBe(true);
    expect(stored.has('abcdef')).toBe(registry.has('abcdef'));
    expect(stored.get('000000')).toBeUndefined();
    const first = stored.get('ae01c7');
    expect(first).toEqual(registry.get('ae01c7'));
    // The same object again: code that keeps an entry finds it unchanged.
    expect(stored.get('ae01c7')).toBe(first);
    expect([...stored.keys()]).toEqual([...registry.keys()]);
    expect([...stored.values()]).toEqual([...registry.values()]);
    expect([...stored]).toEqual([...registry]);
    const seen: string[] = [];
    stored.forEach((entry, hex, map) => {
      expect(map).toBe(stored);
      expect(entry.hex).toBe(hex);
      seen.push(hex);
    });
    expect(seen).toEqual([...registry.keys()]);
  });

  it('goes to a reading thread as its stored entries, and reads back the same there', () => {
    const registry = parsed();
    const stored = decodeRegistrySnapshot(snapshotOf(registry), table)?.registry;
    if (!(stored instanceof StoredRegistry)) throw new Error('the snapshot did not read back');
    // As postMessage sends it: a structured clone of what is posted.
    const there = receivedRegistry(structuredClone(postedRegistry(stored)));
    expect(there).toBeInstanceOf(StoredRegistry);
    expect([...there]).toEqual([...registry]);
    // A Map (a merged registry) goes as it is.
    expect([...receivedRegistry(structuredClone(postedRegistry(registry)))]).toEqual([...registry]);
    // Lines and addresses that do not match up are refused, not read askew.
    const { hexes, entries } = stored.entriesStored();
    expect(StoredRegistry.of({ hexes: hexes.slice(1), entries })).toBeNull();
    expect(StoredRegistry.of({ hexes: [...hexes, 'ffffff'], entries })).toBeNull();
    expect(StoredRegistry.of({ hexes: [], entries: new Uint8Array(0) })?.size).toBe(0);
    expect(StoredRegistry.of({ hexes: ['ae01c7'], entries: new Uint8Array(0) })).toBeNull();
    const blank = Buffer.from('{"hex":"ae01c7"}\n\n{"hex":"ae6881"}', 'latin1');
    expect(StoredRegistry.of({ hexes: ['ae01c7', 'x', 'ae6881'], entries: blank })).toBeNull();
    const two = Buffer.from('{"hex":"ae01c7"}\n{"hex":"ae6881"}', 'latin1');
    expect(StoredRegistry.of({ hexes: ['ae01c7', 'ae6881'], entries: two })?.get('ae6881')).toEqual(
      { hex: 'ae6881' },
    );
  });
});
