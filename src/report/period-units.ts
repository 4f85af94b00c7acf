// Apart from periods.ts so that option parsing can check a unit without loading luxon.
export const PERIOD_UNITS = ['day', 'week', 'month'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];
