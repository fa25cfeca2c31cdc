/**
 * The forecasting core's contract. Pure: nothing here knows of Temporal or MariaDB.
 * Times are epoch milliseconds; values are plain numbers (NaN never crosses this boundary:
 * inputs are validated by `fit`/`predict`, which throw `ForecastInputError`).
 */

/** A regular time series: `values[i]` observed at `start + i * stepMs`. */
export interface SeriesData {
  readonly start: number;
  readonly stepMs: number;
  readonly values: readonly number[];
}

/** Extra input channels aligned with the target (same start, step and length): other metrics of the same host or service. */
export interface Covariates {
  readonly [name: string]: readonly number[];
}

export const ModelKind = {
  naive: 'naive',
  seasonalNaive: 'seasonal-naive',
  seasonalMedian: 'seasonal-median',
  recentMedian: 'recent-median',
  recentMedianLong: 'recent-median-long',
  ets: 'ets',
  mstl: 'mstl',
  arima: 'arima',
  sarima: 'sarima',
  prophet: 'prophet',
  theta: 'theta',
  lstm: 'lstm',
  tcn: 'tcn',
  dense: 'dense',
  global: 'global',
  ensemble: 'ensemble',
} as const;
export type ModelKind = (typeof ModelKind)[keyof typeof ModelKind];

export interface FitOptions {
  /** Steps to forecast in one pass: 6 on hourly data, 12 on 5-minute data by default. */
  readonly horizon: number;
  /** Seasonal period in steps: 24 on hourly data, 288 on 5-minute data by default. */
  readonly seasonPeriod?: number;
  readonly covariates?: Covariates;
  /** Fixed seed so a training run can be repeated. */
  readonly seed?: number;
  /** Model-specific hyperparameters (window, units, epochs, learning rate, ...). */
  readonly hyperparameters?: Readonly<Record<string, number | string | boolean>>;
  /** Called between epochs so a Temporal activity can heartbeat; training yields to the event loop there. */
  readonly onProgress?: (progress: {
    readonly epoch: number;
    readonly loss: number;
    /** Loss on the held-out validation windows, when the model has them (tfjs models). */
    readonly valLoss?: number;
  }) => void;
}

/** Symmetric or asymmetric interval bounds per horizon step. */
export interface Interval {
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

export interface Forecast {
  /** Epoch ms of each horizon step's target time. */
  readonly times: readonly number[];
  readonly point: readonly number[];
  readonly intervals: { readonly p80: Interval; readonly p95: Interval };
}

export interface PredictInput {
  /** History ending at the forecast origin (the last value is the newest observation). */
  readonly history: SeriesData;
  readonly covariates?: Covariates;
}

/** Versioned metadata stored beside every model artifact. */
export interface ModelMetadata {
  readonly formatVersion: 1;
  readonly kind: ModelKind;
  readonly horizon: number;
  readonly stepMs: number;
  readonly seasonPeriod: number;
  readonly window?: number;
  readonly covariateNames: readonly string[];
  readonly hyperparameters: Readonly<Record<string, number | string | boolean>>;
  /** e.g. `{ backend: 'wasm', tfjs: '4.22.0' }`. */
  readonly environment: Readonly<Record<string, string>>;
  /** Residual quantiles per horizon step used for intervals (split-conformal). */
  readonly conformal?: { readonly q80: readonly number[]; readonly q95: readonly number[] };
  readonly trainedAt: number;
  /**
   * Set when the model could not be trained as its `kind` and predicts with a simpler rule instead,
   * e.g. `{ kind: 'naive', reason: 'constant series' }` (last value repeated, zero-width intervals).
   */
  readonly fallback?: { readonly kind: ModelKind; readonly reason: string };
}

/** A serialized model: JSON-safe metadata and state plus opaque binary weights (tfjs), ready for a registry. */
export interface ModelArtifact {
  readonly metadata: ModelMetadata;
  /** Model-specific JSON state: scaler, tfjs topology, statistical parameters. */
  readonly state: unknown;
  /** tfjs weights, if any. */
  readonly weights?: Uint8Array;
}

/** Every model, tfjs or statistical, behind one door. */
export interface Forecaster {
  readonly kind: ModelKind;
  fit(history: SeriesData, options: FitOptions): Promise<void>;
  predict(input: PredictInput): Promise<Forecast>;
  /** Many series at once (one tensor batch for tfjs models); same order as `inputs`. */
  predictBatch(inputs: readonly PredictInput[]): Promise<Forecast[]>;
  serialize(): Promise<ModelArtifact>;
  /**
   * Replaces the interval half-widths per horizon step (e.g. recomputed from backtests); they are kept
   * in `metadata.conformal` and used by later forecasts. Optional: wrap with conformal intervals otherwise.
   */
  setConformal?(q80: readonly number[], q95: readonly number[]): void;
  /** Frees tensors; the forecaster is unusable afterwards. */
  dispose(): void;
}
