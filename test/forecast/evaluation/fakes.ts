/** Tiny deterministic forecasters for evaluation tests: they record what they were shown. */
import type {
  FitOptions,
  Forecast,
  Forecaster,
  ModelArtifact,
  PredictInput,
  SeriesData,
} from '../../../src/forecast';

/** What a recording forecaster saw. */
export interface Seen {
  fits: number[];
  predicts: number[];
  /** Largest index into the original series any call could read (history start offset + length). */
  maxEnd: number;
  /** Start time of the original series, to turn history starts into offsets. */
  readonly start: number;
}

/**
 * Forecasts the mean of the last `window` values (window 1: naive) with fixed ± `width` intervals.
 * With `oracle`, it memorises its training data and returns the true future whenever that data
 * reaches past the forecast origin: scoring perfectly exposes a backtest that leaks the future.
 */
export class RecordingForecaster implements Forecaster {
  readonly kind = 'naive' as const;
  private trained: SeriesData | undefined;
  private horizon = 1;

  constructor(
    readonly seen: Seen,
    private readonly options: { window?: number; width?: number; oracle?: boolean } = {},
  ) {}

  fit(history: SeriesData, options: FitOptions): Promise<void> {
    this.trained = history;
    this.horizon = options.horizon;
    this.seen.fits.push(history.values.length);
    this.note(history);
    return Promise.resolve();
  }

  predict({ history }: PredictInput): Promise<Forecast> {
    this.seen.predicts.push(history.values.length);
    this.note(history);
    const window = history.values.slice(-(this.options.window ?? 1));
    const level = window.reduce((a, b) => a + b, 0) / window.length;
    const end = history.start + (history.values.length - 1) * history.stepMs;
    const times = Array.from({ length: this.horizon }, (_, k) => end + (k + 1) * history.stepMs);
    const point = times.map((t) => this.peek(t) ?? level);
    const width = this.options.width ?? 0;
    const band = { lower: point.map((p) => p - width), upper: point.map((p) => p + width) };
    return Promise.resolve({ times, point, intervals: { p80: band, p95: band } });
  }

  async predictBatch(inputs: readonly PredictInput[]): Promise<Forecast[]> {
    return Promise.all(inputs.map((i) => this.predict(i)));
  }

  serialize(): Promise<ModelArtifact> {
    throw new Error('not serializable');
  }

  dispose(): void {
    this.trained = undefined;
  }

  private peek(time: number): number | undefined {
    if (this.options.oracle !== true || this.trained === undefined) return undefined;
    return this.trained.values[Math.round((time - this.trained.start) / this.trained.stepMs)];
  }

  private note(series: SeriesData): void {
    const offset = Math.round((series.start - this.seen.start) / series.stepMs);
    this.seen.maxEnd = Math.max(this.seen.maxEnd, offset + series.values.length);
  }
}

/** A fresh record for a series starting at `start`. */
export function newSeen(start = 0): Seen {
  return { fits: [], predicts: [], maxEnd: 0, start };
}

/** `values[i] = f(i)` at a 1-second step starting at 0 (so start / step is the index offset). */
export function seriesOf(length: number, f: (i: number) => number): SeriesData {
  return { start: 0, stepMs: 1000, values: Array.from({ length }, (_, i) => f(i)) };
}
