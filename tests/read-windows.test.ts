import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PartsStore } from '../src/ingest/archive/byte-store.js';
import { acquireWindow, releaseWindow } from '../src/ingest/fast/wasm-module.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sortie-windows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('read windows (page-aligned, kept for reuse)', () => {
  it('are as long as asked, start their memory, and are never handed out twice while held', () => {
    const a = acquireWindow(1 << 20);
    const b = acquireWindow(4096);
    expect([a.length, b.length]).toEqual([1 << 20, 4096]);
    // Each its own memory, from its first byte: a read lands at a page boundary.
    expect([a.byteOffset, b.byteOffset]).toEqual([0, 0]);
    expect(a.buffer).not.toBe(b.buffer);
    releaseWindow(b);
    releaseWindow(b);
    const c = acquireWindow(1000);
    const d = acquireWindow(1000);
    expect(c.buffer).toBe(b.buffer);
    expect(d.buffer).not.toBe(c.buffer);
    expect(d.buffer).not.toBe(a.buffer);
    for (const w of [a, c, d]) releaseWindow(w);
  });

  it("give a closed store's window to the next store, once, whatever it held", () => {
    const files = ['one', 'two'].map((name, k) => {
      const file = path.join(dir, name);
      writeFileSync(file, Buffer.alloc(3000, 0x61 + k));
      return { path: file, size: 3000 };
    });
    const first = new PartsStore([files[0]!]);
    expect(Buffer.from(first.read(0, 10)).toString()).toBe('aaaaaaaaaa');
    const held = first.bytes.buffer;
    first.close();
    first.close();
    const second = new PartsStore([files[1]!]);
    const third = new PartsStore([files[0]!]);
    expect(second.bytes.buffer).toBe(held);
    expect(third.bytes.buffer).not.toBe(held);
    expect(Buffer.from(second.read(100, 5)).toString()).toBe('bbbbb');
    expect(Buffer.from(third.read(2995, 5)).toString()).toBe('aaaaa');
    second.close();
    third.close();
  });
});
