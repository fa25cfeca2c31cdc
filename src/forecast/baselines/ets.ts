/**
 * AutoETS from `@bsull/augurs`: picks the best exponential-smoothing model by AICc on the window.
 * augurs implements only the non-seasonal members of the ETS family (seasonal specs fail with
 * "no model found"), so this baseline tracks level and trend; seasonality is MSTL's job.
 * augurs exposes neither the chosen model nor its state, so the model is re-estimated on each
 * history it forecasts from (deterministic: same window, same forecast).
 */
import { ModelKind } from '../types';
import { BaselineForecaster, type BaselineSettings, type Hyperparameters } from './base';
import { loadEts, statisticalLibraryVersions } from './wasm';

/** Non-seasonal AutoETS, re-estimated on the last `window` points of each history. */
export class EtsForecaster extends BaselineForecaster {
  readonly kind = ModelKind.ets;
  protected readonly fitting = 'refit-on-predict';

  protected minLength(): number {
    return 10;
  }

  protected defaults(seasonPeriod: number): Hyperparameters {
    // A few seasons are plenty for level and trend; longer windows only cost time on 5-minute data.
    return { window: Math.max(48, 3 * seasonPeriod), spec: 'ZZN' };
  }

  protected async forecastPoint(window: readonly number[], settings: BaselineSettings): Promise<number[]> {
    const { AutoETS } = await loadEts();
    const model = new AutoETS(1, String(settings.hyperparameters['spec'] ?? 'ZZN'));
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
