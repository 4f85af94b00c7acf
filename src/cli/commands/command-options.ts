/** What each command's options parse to: shared by a command's definition and its action. */
import type { PeriodUnit } from '../../report/periods.js';
import type { ColorWhen } from '../color.js';
import type { InputOptions } from '../common.js';

export interface ReportOptions extends InputOptions {
  /** Replaced by `exposure`; read for one more release. */
  coverage?: 'on' | 'off';
  exposure?: 'outages' | 'calendar';
  midP?: boolean;
  chart?: string;
  html?: string;
  period: PeriodUnit;
  tz: string;
  from?: string;
  to?: string;
  baseline?: string;
  baselineRate?: string;
  format: 'table' | 'json' | 'csv' | 'md';
  color: ColorWhen;
  sensitivity?: boolean;
}

export interface MissionsOptions extends InputOptions {
  tz: string;
  from?: string;
  to?: string;
  format: 'table' | 'json' | 'csv' | 'md';
  color: ColorWhen;
  includeUnidentified?: boolean;
}

export interface ExportOptions extends InputOptions {
  tz: string;
  from?: string;
  to?: string;
  splitGap: number;
  format: 'geojson' | 'kml';
}

export interface InspectOptions extends InputOptions {
  format: 'table' | 'json';
  color: ColorWhen;
}

export interface RegionsOptions {
  format: 'table' | 'json';
  color: ColorWhen;
  out?: string;
}
