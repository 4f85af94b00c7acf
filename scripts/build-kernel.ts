/**
 * Compiles the fast-path kernels (src/ingest/fast/kernel/*.wat, WebAssembly text) into TypeScript
 * modules holding the binary as base64, so the CLI loads them without touching the file system.
 * Run after editing a .wat file; tests/fast-path.test.ts fails while the two disagree.
 *
 *   npm run build:kernel
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { compileKernel, KERNELS, kernelModuleText } from './kernel-compile.js';

for (const kernel of KERNELS) {
  let wasm: Buffer;
  try {
    wasm = await compileKernel(readFileSync(kernel.wat, 'utf8'), kernel.wat);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  writeFileSync(kernel.module, kernelModuleText(kernel, wasm));
  console.log(`${kernel.wat} → ${kernel.module} (${wasm.length} bytes)`);
}
