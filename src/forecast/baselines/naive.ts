/**
 * The two reference forecasts every other model must beat: the last value, and the value one
 * season earlier. Nothing is learned, so serialization stores only the settings.
 */
import { ModelKind } from '../types';
import { BaselineForecaster, type BaselineSettings, type Hyperparameters } from './base';

/** Repeats the last observed value over the whole horizon. */
export class NaiveForecaster extends BaselineForecaster {
  readonly kind = ModelKind.naive;
  protected readonly fitting = 'stateless';

  protected minLength(): number {
    return 1;
  }

  protected defaults(): Hyperparameters {
    return { window: 1 };
  }

  protected forecastPoint(window: readonly number[], settings: BaselineSettings): Promise<number[]> {
    const last = window[window.length - 1] ?? NaN;
    return Promise.resolve(Array<number>(settings.horizon).fill(last));
  }
}

/**
 * Step `k` ahead repeats the value observed one season before it: `ŷ[n + k] = y[n + k − m·⌈k/m⌉]`,
 * so horizons longer than a season reuse the last season.
 */
export class SeasonalNaiveForecaster extends BaselineForecaster {
  readonly kind = ModelKind.seasonalNaive;
  protected readonly fitting = 'stateless';

  protected minLength(seasonPeriod: number): number {
    return seasonPeriod;
  }

  protected defaults(seasonPeriod: number): Hyperparameters {
    return { window: seasonPeriod };
  }

  protected forecastPoint(window: readonly number[], settings: BaselineSettings): Promise<number[]> {
    return Promise.resolve(seasonalNaive(window, settings.seasonPeriod, settings.horizon));
  }
}

/** The seasonal-naive forecast of `horizon` steps after `values` (needs at least `period` values). */
export function seasonalNaive(values: readonly number[], period: number, horizon: number): number[] {
  const n = values.length;
  return Array.from({ length: horizon }, (_, k) => values[n - period + (k % period)] ?? NaN);
}
