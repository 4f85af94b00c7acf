import type { Command } from 'commander';

/**
 * Ends a command's --help with examples. `fixtures/demo` is the demo data of the source
 * repository; other file names stand for the user's own exports. Each is a plain argument list
 * (no pipes or redirections), so tests/help.test.ts can parse every one and run the demo ones.
 */
export function addExamples(cmd: Command, examples: readonly string[]): Command {
  const lines = examples.map((e) => `  $ ${e}`).join('\n');
  return cmd.addHelpText('after', `\nExamples:\n${lines}\n`);
}

export const EXAMPLES = {
  sortie: [
    'sortie report fixtures/demo --period week --baseline-rate 1/month',
    'sortie missions fixtures/demo --from 2025-02-03 --to 2025-02-05',
    'sortie inspect fixtures/demo',
  ],
  report: [
    'sortie report fixtures/demo --from 2025-01-27 --to 2025-02-10 --period day --baseline 2024-02-01/2025-01-27',
    'sortie report states_2025-01.csv.gz --period month --tz America/Hermosillo --html report.html',
    'sortie report exports/ --from 2025-02-03 --to 2025-02-10 --baseline-rate 1/month --fail-on-surge --format line',
  ],
  compare: [
    'sortie compare 2025-01-27/2025-02-10 2024-01-27/2024-02-10 fixtures/demo',
    'sortie compare exports-2025/ exports-2024/ --format json',
  ],
  missions: [
    'sortie missions fixtures/demo --from 2025-02-03 --to 2025-02-05',
    'sortie missions exports/ --format csv --out missions.csv',
    'sortie missions flight_export.csv --aircraft AE01C7 --format json',
  ],
  inspect: [
    'sortie inspect fixtures/demo',
    'sortie inspect positions.csv --map time=obs_time,lat=y,lon=x --units alt=m',
    'sortie inspect exports/ --glob "**/trace_full_*" --format json',
  ],
  export: [
    'sortie export fixtures/demo --from 2025-02-03 --to 2025-02-05 --out missions.geojson',
    'sortie export exports/ --format kml --out missions.kml',
  ],
  identify: [
    'sortie identify AE01C7 AE4BD7',
    'sortie identify AE4BD7 --operators military-isr,law-enforcement',
    'sortie identify 0D0A13 --watch fixtures/watch/demo-watch.csv --format json',
  ],
  regions: [
    'sortie regions',
    'sortie regions --format json',
    'sortie report exports/ --region my-area.geojson',
  ],
  config: [
    'sortie config --print',
    'sortie config --print export --config fixtures/config/weekly.config.json',
    'sortie config --print report fixtures/demo --period day',
  ],
  fetch: [
    'sortie fetch adsblol --from 2025-01-20 --to 2025-02-10 --dir history/ --dry-run',
    'sortie fetch adsblol --from 2025-02-03 --to 2025-02-04 --dir history/',
    'sortie fetch opensky-dataset --from 2022-06-27 --to 2022-06-28 --dir opensky/',
  ],
  db: [
    'sortie db init --db http://127.0.0.1:8123',
    'sortie db load --db http://127.0.0.1:8123 history/ opensky/',
    'sortie report --db http://127.0.0.1:8123 --from 2025-01-27 --to 2025-02-10 --period day',
  ],
  sql: [
    'sortie sql --engine trino --from 2025-02-03 --to 2025-02-05',
    'sortie sql --engine trino --from 2025-01-27 --to 2025-02-10 --country US --whole-tracks --out surge.sql',
    'sortie sql --engine clickhouse --from 2025-02-03 --to 2025-02-04 --table opensky.state_vectors_data4',
  ],
  trino: [
    'sortie trino --from 2025-01-27 --to 2025-02-10 --user jane --token-env OPENSKY_TOKEN --dir opensky/',
    'sortie report opensky/ --from 2025-01-27 --to 2025-02-10 --period day',
    'sortie trino --url http://127.0.0.1:8080 --user jane --catalog hive --schema opensky --from 2025-02-03 --to 2025-02-05 --parallel 2',
  ],
} as const;
