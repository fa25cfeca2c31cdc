import type { ForecastBands } from '../shared';

/** One observed value: epoch ms, value. */
export interface TimedValue {
  readonly t: number;
  readonly v: number;
}

/** One forecast target with its point and its 80 % and 95 % intervals. */
export interface ForecastPoint extends ForecastBands {
  readonly t: number;
}

/** Everything one chart shows; times are epoch ms, UTC. */
export interface ChartInput {
  readonly title: string;
  readonly unit?: string;
  readonly history: readonly TimedValue[];
  readonly forecast: readonly ForecastPoint[];
  /** Reconciled actuals of the forecast targets: which predictions were scored, and against what. */
  readonly actuals?: readonly TimedValue[];
  /** Alert limit line. */
  readonly limit?: { readonly value: number; readonly label?: string };
  readonly anomalies?: readonly TimedValue[];
  /** The value axis, fitted by the caller; Vega's own fit (which takes in the limit) when absent. */
  readonly y?: { readonly min: number; readonly max: number };
  /** A vertical "now" rule: the time the forecast was issued. */
  readonly now?: number;
}

/** Pixel size of a rendered chart (the whole picture, axes and legend included). */
export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

/** Colours of the marks, fixed so a test (or a person) can tell the series apart in a PNG. */
export const ChartColor = {
  history: '#1f77b4',
  forecast: '#ff7f0e',
  band80: '#ffbb78',
  band95: '#ffe0c2',
  actual: '#2ca02c',
  anomaly: '#9467bd',
  limit: '#d62728',
  now: '#344054',
} as const;
export type ChartColor = (typeof ChartColor)[keyof typeof ChartColor];

export const DEFAULT_CHART_SIZE: ChartSize = { width: 900, height: 360 };

/** Input the plot library refuses, naming the field and the value. */
export class ChartInputError extends Error {
  override readonly name = 'ChartInputError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    expectation: string,
  ) {
    super(`${field} must ${expectation}, got ${String(value)}`);
  }
}
