/**
 * Seasonal naive made robust: step `k` ahead is the median of the values at the same phase of the
 * season over the newest whole seasons of the window, so one spiky or shifted day does not repeat
 * itself into tomorrow's forecast as seasonal naive's would. Nothing is learned; serialization
 * stores only the settings.
 */
import { median } from '../evaluation/select';
import { ModelKind } from '../types';
import { BaselineForecaster, type BaselineSettings, type Hyperparameters } from './base';

/** Seasons read by default (hourly: a week of days); 5-minute plans cap it (`fineDefaults`). */
const DEFAULT_SEASONS = 7;

export class SeasonalMedianForecaster extends BaselineForecaster {
  readonly kind = ModelKind.seasonalMedian;
  protected readonly fitting = 'stateless';

  protected minLength(seasonPeriod: number): number {
    return seasonPeriod;
  }

  protected defaults(seasonPeriod: number): Hyperparameters {
    return { window: DEFAULT_SEASONS * seasonPeriod };
  }

  protected forecastPoint(window: readonly number[], settings: BaselineSettings): Promise<number[]> {
    return Promise.resolve(seasonalMedian(window, settings.seasonPeriod, settings.horizon));
  }
}

/**
 * The seasonal-median forecast of `horizon` steps after `values`: per step, the median of the
 * finite values one, two, … whole seasons before it (as many as `values` holds; NaN when none).
 */
export function seasonalMedian(values: readonly number[], period: number, horizon: number): number[] {
  const n = values.length;
  const seasons = Math.floor(n / period);
  return Array.from({ length: horizon }, (_, k) => {
    const phase = n - period + (k % period);
    const samples: number[] = [];
    for (let s = 0; s < seasons; s++) {
      const value = values[phase - s * period];
      if (value !== undefined && Number.isFinite(value)) samples.push(value);
    }
    return median(samples);
  });
}
