/**
 * A robust level: every step ahead is the median of the newest points (an hour of them, or two for
 * the long twin). At fine steps infrastructure metrics are spiky, and the forecast that minimises
 * absolute error over the next hour is close to the level the series keeps between spikes; a mean
 * (naive's last value, ETS's smoothed level) is pulled up by every spike, a median is not. Nothing is
 * learned; serialization stores only the settings.
 */
import { median } from '../evaluation/select';
import { ModelKind } from '../types';
import { BaselineForecaster, type BaselineSettings, type Hyperparameters } from './base';

/** Points a median needs to outvote one spike. */
const MIN_POINTS = 3;
/** Steps in an hour, from a season of a day (24 hourly, 288 at 5 minutes). */
const stepsPerHour = (seasonPeriod: number): number => Math.max(1, Math.round(seasonPeriod / 24));

export class RecentMedianForecaster extends BaselineForecaster {
  readonly kind: typeof ModelKind.recentMedian | typeof ModelKind.recentMedianLong;
  protected readonly fitting = 'stateless';
  private readonly hours: number;

  /** `long`: the two-hour twin (`recent-median-long`). */
  constructor(settings?: BaselineSettings, long = false) {
    super(settings);
    this.kind = long ? ModelKind.recentMedianLong : ModelKind.recentMedian;
    this.hours = long ? 2 : 1;
  }

  protected minLength(): number {
    return 1;
  }

  protected defaults(seasonPeriod: number): Hyperparameters {
    return { window: Math.max(this.hours * MIN_POINTS, this.hours * stepsPerHour(seasonPeriod)) };
  }

  protected forecastPoint(window: readonly number[], settings: BaselineSettings): Promise<number[]> {
    return Promise.resolve(Array<number>(settings.horizon).fill(recentMedian(window)));
  }
}

/** The median of the finite values of `values` (NaN when there is none). */
export function recentMedian(values: readonly number[]): number {
  return median(values.filter(Number.isFinite));
}
