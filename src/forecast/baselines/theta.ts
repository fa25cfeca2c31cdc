/**
 * The Theta family behind the `Forecaster` door: `variant` `auto` (default) fits the standard,
 * optimised, dynamic standard and dynamic optimised members (see `theta-model.ts`) and keeps the
 * one with the lowest in-sample one-step MSE, as statsforecast's AutoTheta does. `fit` chooses the
 * member and its α and θ; `predict` runs that filter over each new history without re-optimising
 * (statsforecast's `forward`), re-estimating only the seasonal indices and the regression line.
 */
import { ModelKind } from '../types';
import { fail } from '../validate';
import { BaselineForecaster, type BaselineSettings, type Hyperparameters } from './base';
import { THETA_VARIANTS, thetaForecast, type ThetaFit, type ThetaVariant } from './theta-model';

/** What a fitted Theta model stores. */
export type ThetaParameters = Pick<ThetaFit, 'variant' | 'alpha' | 'theta'>;

/** Theta-family forecaster over the last `window` points of each history. */
export class ThetaForecaster extends BaselineForecaster {
  readonly kind = ModelKind.theta;
  protected readonly fitting = 'stored-parameters';

  constructor(
    settings?: BaselineSettings,
    private parameters?: ThetaParameters,
  ) {
    super(settings);
  }

  protected minLength(): number {
    return 10;
  }

  protected defaults(seasonPeriod: number): Hyperparameters {
    // A week of seasons: enough for the decomposition's seasonal indices and the trend line.
    return { window: Math.max(48, 28 * seasonPeriod), variant: 'auto' };
  }

  protected override fitModel(window: readonly number[], settings: BaselineSettings): Promise<void> {
    const { fit } = thetaForecast(window, settings.horizon, settings.seasonPeriod, variantOf(settings));
    this.parameters = { variant: fit.variant, alpha: fit.alpha, theta: fit.theta };
    return Promise.resolve();
  }

  protected forecastPoint(window: readonly number[], settings: BaselineSettings): Promise<number[]> {
    const { horizon, seasonPeriod } = settings;
    return Promise.resolve(
      thetaForecast(window, horizon, seasonPeriod, variantOf(settings), this.parameters).point,
    );
  }

  protected override modelState(): Record<string, unknown> {
    return { theta: this.parameters };
  }
}

function variantOf(settings: BaselineSettings): ThetaVariant | 'auto' {
  const variant = String(settings.hyperparameters['variant'] ?? 'auto');
  if (variant !== 'auto' && !(THETA_VARIANTS as readonly string[]).includes(variant)) {
    fail('options.hyperparameters.variant', variant, `be auto or one of ${THETA_VARIANTS.join(', ')}`);
  }
  return variant as ThetaVariant | 'auto';
}
