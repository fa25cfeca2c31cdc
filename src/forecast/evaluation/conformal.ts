/**
 * Split-conformal prediction intervals. Absolute residuals of forecasts made on a calibration
 * segment (one list per horizon step) give, per step, the half-width that covers a share `level` of
 * future errors provided the errors are exchangeable with the calibration ones.
 */
import type {
  FitOptions,
  Forecast,
  Forecaster,
  Interval,
  ModelArtifact,
  PredictInput,
  SeriesData,
} from '../types';
import type { BacktestFold } from './folds';
import { pooledScores } from './step-pooling';

/** Half-widths per horizon step for the 80% and 95% intervals (stored in `ModelMetadata.conformal`). */
export interface ConformalQuantiles {
  readonly q80: readonly number[];
  readonly q95: readonly number[];
}

/**
 * The conformal quantile of `scores` (absolute residuals) at `level`, with the finite-sample
 * correction: the ⌈(n + 1)·level⌉-th smallest score. That rank exceeds `n` when there are fewer
 * than `level / (1 − level)` scores (19 at 95%); we then return the largest score rather than an
 * infinite width, so coverage is no longer guaranteed for such tiny calibration sets. NaN when empty.
 */
export function conformalHalfWidth(scores: readonly number[], level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  if (scores.length === 0) return NaN;
  const sorted = [...scores].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.ceil((sorted.length + 1) * level));
  return sorted[rank - 1] ?? NaN;
}

/**
 * Per-step 80%/95% quantiles from signed residuals (`actual − point`), one array per horizon step.
 * A step with fewer than `MIN_STEP_SCORES` residuals is calibrated on its nearest steps' residuals
 * too (see `step-pooling.ts`), so a tiny sample's largest score never becomes one step's width.
 */
export function residualQuantiles(residualsPerStep: readonly (readonly number[])[]): ConformalQuantiles {
  const abs = residualsPerStep.map((step) => step.map(Math.abs));
  const pooled = abs.map((_, k) => pooledScores(abs, k));
  return {
    q80: pooled.map((scores) => conformalHalfWidth(scores, 0.8)),
    q95: pooled.map((scores) => conformalHalfWidth(scores, 0.95)),
  };
}

/** `point ± q` per step. */
export function symmetricInterval(point: readonly number[], halfWidths: readonly number[]): Interval {
  const width = (k: number): number => halfWidths[k] ?? halfWidths[halfWidths.length - 1] ?? NaN;
  return { lower: point.map((p, k) => p - width(k)), upper: point.map((p, k) => p + width(k)) };
}

/** Replaces a forecast's intervals by conformal ones around its point forecast. */
export function applyConformal(forecast: Forecast, quantiles: ConformalQuantiles): Forecast {
  return {
    times: forecast.times,
    point: forecast.point,
    intervals: {
      p80: symmetricInterval(forecast.point, quantiles.q80),
      p95: symmetricInterval(forecast.point, quantiles.q95),
    },
  };
}

/**
 * A backtest fold banded `point ± q` per step, as {@link applyConformal} bands a forecast; with
 * `factors` (`fold-factors.ts`) step k's half-width is `q[k] · factors[k]`.
 */
export function bandFold(
  fold: BacktestFold,
  quantiles: ConformalQuantiles,
  factors?: readonly number[],
): BacktestFold {
  const scaled = (q: readonly number[]) =>
    factors === undefined
      ? q
      : fold.point.map((_, k) => (q[k] ?? q[q.length - 1] ?? NaN) * (factors[k] ?? 1));
  return {
    ...fold,
    p80: symmetricInterval(fold.point, scaled(quantiles.q80)),
    p95: symmetricInterval(fold.point, scaled(quantiles.q95)),
  };
}

/**
 * Wraps any forecaster so its forecasts carry calibrated intervals; `serialize` records the
 * quantiles in `metadata.conformal`, which `loadForecaster` re-applies.
 */
export class ConformalForecaster implements Forecaster {
  readonly kind: Forecaster['kind'];

  constructor(
    readonly inner: Forecaster,
    readonly quantiles: ConformalQuantiles,
  ) {
    this.kind = inner.kind;
  }

  /** Fits the inner model; the quantiles stay as given (recalibrate by evaluating again). */
  fit(history: SeriesData, options: FitOptions): Promise<void> {
    return this.inner.fit(history, options);
  }

  async predict(input: PredictInput): Promise<Forecast> {
    return applyConformal(await this.inner.predict(input), this.quantiles);
  }

  async predictBatch(inputs: readonly PredictInput[]): Promise<Forecast[]> {
    const forecasts = await this.inner.predictBatch(inputs);
    return forecasts.map((f) => applyConformal(f, this.quantiles));
  }

  async serialize(): Promise<ModelArtifact> {
    const artifact = await this.inner.serialize();
    const conformal = { q80: [...this.quantiles.q80], q95: [...this.quantiles.q95] };
    return { ...artifact, metadata: { ...artifact.metadata, conformal } };
  }

  dispose(): void {
    this.inner.dispose();
  }
}

/** Wraps `inner` with calibrated intervals (see {@link ConformalForecaster}). */
export function withConformal(inner: Forecaster, quantiles: ConformalQuantiles): Forecaster {
  return new ConformalForecaster(inner, quantiles);
}
