'use strict';
/**
 * Runs sortie exactly as a user does, through bin/sortie.js (CommonJS: an ES module wrapper would
 * add the start of Node's ES module loader to every time measured), then, at exit, writes to
 * standard error the process's peak resident memory (worker threads included) as
 * `SORTIE_PEAK_RSS_KB=<n>` and its CPU time (user + system, every thread) as `SORTIE_CPU_S=<s>`,
 * for the benchmark (scripts/bench.ts). Plain JavaScript, run from scripts/bench/ as it is.
 *
 * On Linux the peak is VmHWM from /proc/self/status: getrusage's maxrss of a spawned process
 * starts from its parent's size at the fork (the benchmark's parent holds DuckDB), VmHWM does not.
 *
 * Usage: node scripts/bench/measured-run.cjs ARGS... (the arguments sortie gets)
 */
const { readFileSync } = require('node:fs');

process.on('exit', () => {
  let peakKb = process.resourceUsage().maxRSS;
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) peakKb = Number(m[1]);
  } catch {
    // not Linux
  }
  const cpu = process.cpuUsage();
  process.stderr.write(`SORTIE_PEAK_RSS_KB=${peakKb}\n`);
  process.stderr.write(`SORTIE_CPU_S=${((cpu.user + cpu.system) / 1e6).toFixed(2)}\n`);
});

require('../../bin/sortie.js');
