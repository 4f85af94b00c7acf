import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import mainConfig from '../vitest.config.js';
import realdataConfig from '../vitest.realdata.config.js';
import { requireRealdata } from './realdata/realdata.js';

const TESTS = new URL('./', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('npm test runs on a bare clone; the real-data suite is apart', () => {
  it('no file outside tests/realdata/ reads ../shared', () => {
    const self = new URL(import.meta.url).pathname;
    const outside = sources(TESTS).filter(
      (f) => !f.startsWith(path.join(TESTS, 'realdata')) && f !== self,
    );
    expect(outside.length).toBeGreaterThan(30);
    const offenders = outside.filter((f) =>
      /shared\/realdata|REALDATA|\.\.\/\.\.\/shared/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => path.relative(TESTS, f))).toEqual([]);
  });

  it('npm test leaves tests/realdata/ out, and test:realdata takes only it, failing when the samples are missing', () => {
    expect(mainConfig.test?.exclude).toContain('tests/realdata/**');
    expect(realdataConfig.test?.include).toEqual(['tests/realdata/**/*.test.ts']);
    expect(realdataConfig.test?.globalSetup).toEqual(['tests/realdata/setup.ts']);
    const realdataTests = readdirSync(path.join(TESTS, 'realdata')).filter((f) =>
      f.endsWith('.test.ts'),
    );
    expect(realdataTests.length).toBeGreaterThanOrEqual(7);
  });

  it('the real-data suite stops with a message naming the folder when the samples are missing', () => {
    expect(() => requireRealdata('/nonexistent/shared/realdata/')).toThrow(
      /needs the third-party samples at \/nonexistent\/shared\/realdata\/ .* missing/,
    );
  });
});
