/**
 * Runs the sortie CLI as bin/sortie.js does (the bundle in dist/bundle), then writes the process's peak resident memory (worker
 * threads included) to standard error as `SORTIE_PEAK_RSS_KB=<n>`, for the benchmark.
 *
 * On Linux the peak is VmHWM from /proc/self/status: getrusage's maxrss of a spawned process
 * starts from its parent's size at the fork (the benchmark's parent holds DuckDB), VmHWM does not.
 */
import { readFileSync } from 'node:fs';

type Launch = typeof import('../../src/cli/launch.js');
/** From dist/scripts/bench/ to dist/bundle/. */
const { launch } = (await import(
  new URL('../../bundle/launch.cjs', import.meta.url).href
)) as Launch;

function peakRssKb(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

const code = await launch(process.argv.slice(2));
process.stderr.write(`SORTIE_PEAK_RSS_KB=${peakRssKb()}\n`);
// User and system time of every thread of the process: wall times mean little on a shared machine.
const cpu = process.cpuUsage();
process.stderr.write(`SORTIE_CPU_S=${((cpu.user + cpu.system) / 1e6).toFixed(2)}\n`);
process.exitCode = code;
