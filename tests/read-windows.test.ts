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
    // Each a whole memory of its own from its first byte: the 4 KiB window is the start of a
    // 1 MiB one, kept for reuse. (That a WebAssembly memory starts a page cannot be seen from
    // JavaScript: the bench's floor line "Node: start, read the parts" shows what it is worth.)
    expect([a.byteOffset, b.byteOffset]).toEqual([0, 0]);
    expect([a.buffer.byteLength, b.buffer.byteLength]).toEqual([1 << 20, 1 << 20]);
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

  it('take back only their own: a buffer from elsewhere is never handed out', () => {
    const foreign = Buffer.allocUnsafe(100);
    releaseWindow(foreign);
    const taken = Array.from({ length: 6 }, () => acquireWindow(100));
    expect(taken.some((w) => w.buffer === foreign.buffer)).toBe(false);
    for (const w of taken) releaseWindow(w);
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
