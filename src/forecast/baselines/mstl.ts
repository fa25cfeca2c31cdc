/**
 * MSTL from `@bsull/augurs`: STL decomposition over one or more season periods, AutoETS on the
 * seasonally adjusted remainder, seasonal components carried forward. Like AutoETS, augurs keeps
 * the fitted state inside wasm with no export, so the model is re-estimated on each history.
 */
import { ModelKind } from '../types';
import { BaselineForecaster, type BaselineSettings, type Hyperparameters } from './base';
import { loadMstl, statisticalLibraryVersions } from './wasm';

/** MSTL + AutoETS trend, re-estimated on the last `window` points of each history. */
export class MstlForecaster extends BaselineForecaster {
  readonly kind = ModelKind.mstl;
  protected readonly fitting = 'refit-on-predict';

  protected minLength(seasonPeriod: number): number {
    // STL needs two full seasons to separate the seasonal component.
    return 2 * seasonPeriod;
  }

  protected defaults(seasonPeriod: number): Hyperparameters {
    return { window: 4 * seasonPeriod };
  }

  protected async forecastPoint(window: readonly number[], settings: BaselineSettings): Promise<number[]> {
    const { MSTL } = await loadMstl();
    const model = MSTL.ets([settings.seasonPeriod]);
    try {
      model.fit(Float64Array.from(window));
      return model.predict(settings.horizon).point;
    } finally {
      model.free();
    }
  }

  protected override environment(): Record<string, string> {
    return { augurs: statisticalLibraryVersions()['augurs'] ?? 'unknown' };
  }
}
