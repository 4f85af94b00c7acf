/** What each command's options parse to: shared by a command's definition and its action. */
import type { PeriodUnit } from '../../report/periods.js';
import type { ColorWhen } from '../color.js';
import type { PAdjustment } from '../../report/stats.js';
import type { InputOptions, RegistryOptions } from '../common.js';
import type { FormatOf } from '../outputs.js';
import type { FetchSource } from '../../fetch/report.js';
import type { SqlEngine } from '../../sql/opensky-query.js';
import type { OpenSkyPlanOptions } from '../opensky-plan.js';

/** Options as commander parses them: --format may be absent (the --out extension then decides). */
export type Parsed<T extends { format: string }> = Omit<T, 'format'> & { format?: T['format'] };

export interface ReportOptions extends InputOptions {
  /** Replaced by `exposure`; read for one more release. */
  coverage?: 'on' | 'off';
  exposure?: 'outages' | 'calendar';
  midP?: boolean;
  adjust: PAdjustment;
  chart?: string;
  html?: string;
  period: PeriodUnit;
  tz: string;
  from?: string;
  to?: string;
  baseline?: string;
  baselineRate?: string;
  format: FormatOf<'report'>;
  color: ColorWhen;
  sensitivity?: boolean;
  /** --since-last: the state file recording what the last successful run read. */
  sinceLast?: string;
  /** --fail-on-surge: `true` without a level (the default one), else the level. */
  failOnSurge?: number | true;
  /** Whether --period was given on the command line (only then are periods checked for a surge). */
  periodGiven?: boolean;
}

export interface MissionsOptions extends InputOptions {
  tz: string;
  from?: string;
  to?: string;
  format: FormatOf<'missions'>;
  color: ColorWhen;
  includeUnidentified?: boolean;
}

export interface ExportOptions extends InputOptions {
  tz: string;
  from?: string;
  to?: string;
  splitGap: number;
  format: FormatOf<'export'>;
}

export interface InspectOptions extends InputOptions {
  format: FormatOf<'inspect'>;
  color: ColorWhen;
}

export interface CompareOptions extends InputOptions {
  tz: string;
  windowA?: string;
  windowB?: string;
  exposure: 'outages' | 'calendar';
  format: FormatOf<'compare'>;
  color: ColorWhen;
}

export interface IdentifyOptions extends RegistryOptions {
  format: FormatOf<'identify'>;
  color: ColorWhen;
  out?: string;
}

export interface RegionsOptions {
  format: FormatOf<'regions'>;
  color: ColorWhen;
  out?: string;
}

export interface FetchOptions {
  from: string;
  to: string;
  dir: string;
  pod?: string;
  dryRun?: boolean;
  baseUrl?: string;
  retries: number;
  format: FormatOf<'fetch'>;
  color: ColorWhen;
  quiet?: boolean;
}

/** What the fetch action needs, every option checked. */
export interface FetchRequest {
  readonly source: FetchSource;
  readonly fromMs: number;
  readonly toMs: number;
  readonly dir: string;
  /** Roles or pod names to choose among; null for every pod but mlatonly. */
  readonly pods: readonly string[] | null;
  readonly baseUrl: string;
  readonly dryRun: boolean;
  readonly retries: number;
  readonly format: FetchOptions['format'];
  readonly color: FetchOptions['color'];
  readonly quiet: boolean;
}

export interface SqlOptions extends OpenSkyPlanOptions {
  engine: SqlEngine;
  out?: string;
}

export interface TrinoOptions extends OpenSkyPlanOptions {
  url: string;
  user?: string;
  tokenEnv?: string;
  catalog: string;
  schema: string;
  dir: string;
  parallel: number;
  timeout: number;
  retries: number;
  quiet?: boolean;
}
