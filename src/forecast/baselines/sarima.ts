/**
 * Seasonal AutoARIMA behind the `Forecaster` door (kind `sarima`): `fit` runs the stepwise order
 * search on the fitting window (see `sarima-search.ts`) and keeps the chosen orders and their
 * coefficients; `predict` applies them to each new history, recomputing the residuals over it and
 * forecasting from there (statsforecast's `forward`), so a model estimated once a day moves forward
 * at the cost of one pass. When no model can be fitted the forecast is the naive one, counted as
 * a fallback.
 */
import { ModelKind } from '../types';
import { BaselineForecaster, type BaselineSettings, type Hyperparameters } from './base';
import { forecastSarima, type SarimaFit } from './sarima-model';
import { autoSarima } from './sarima-search';

/** Shortest history: enough for the search's conditioning and a few dozen residuals. */
const MIN_POINTS = 30;

/** Seasonal AutoARIMA over the last `window` points of each history. */
export class SarimaForecaster extends BaselineForecaster {
  readonly kind = ModelKind.sarima;
  protected readonly fitting = 'stored-parameters';

  constructor(
    settings?: BaselineSettings,
    private model?: SarimaFit,
  ) {
    super(settings);
  }

  /** The fitted orders and coefficients (undefined before fit, or when none could be fitted). */
  get fitted(): SarimaFit | undefined {
    return this.model;
  }

  protected minLength(): number {
    return MIN_POINTS;
  }

  protected defaults(seasonPeriod: number): Hyperparameters {
    // A week of seasons: the seasonal difference and seasonal terms need several seasons.
    return { window: Math.max(100, 7 * seasonPeriod) };
  }

  protected override fitModel(window: readonly number[], settings: BaselineSettings): Promise<void> {
    this.model =
      settings.fallbackReason === undefined ? autoSarima(window, settings.seasonPeriod) : undefined;
    return Promise.resolve();
  }

  protected forecastPoint(window: readonly number[], settings: BaselineSettings): Promise<number[]> {
    if (this.model === undefined) throw new Error('no seasonal ARIMA could be fitted');
    return Promise.resolve(forecastSarima(window, this.model, settings.horizon));
  }

  protected override modelState(): Record<string, unknown> {
    return { sarima: this.model };
  }
}
