/**
 * AutoETS on one of two engines (`engine.ts`). `own` (default): the TypeScript models of
 * `ets-model.ts`, chosen by AICc at `fit` and stored; each forecast runs the stored filter forward
 * over the new observations (`ets-forward.ts`), refitting only when the level-shift guard fires.
 * The `spec` hyperparameter's last letter says whether additive-season members compete: `Z`
 * (default) lets them when the season is at most 24 steps (hourly data; at 5 minutes a season of
 * 288 is non-seasonal, as in R and statsforecast), `N` keeps level and trend only — the default
 * of versions stored before seasons existed, whose guard refits stay non-seasonal. `augurs`:
 * `@bsull/augurs`, non-seasonal only, which exposes neither the chosen model nor its state, so it
 * is re-estimated on each history (deterministic: same window, same forecast); versions stored
 * before the engine choice keep it.
 */
import { ModelKind } from '../types';
import type { BaselineSettings, Hyperparameters } from './base';
import { Engine } from './engine';
import { EngineForecaster } from './engine-forecaster';
import { MAX_ETS_SEASON } from './ets-fit';
import { forwardEts, refitEts, storeEts, type StoredEts } from './ets-forward';
import { loadEts } from './wasm';

/** Seasons in the default window when seasonal members may compete (hourly: one week). */
const SEASONAL_WINDOW_SEASONS = 7;

/** The season the own engine's members may use under `settings`, or none. */
export function etsSeasonOf(settings: BaselineSettings): number | undefined {
  const spec = String(settings.hyperparameters['spec'] ?? 'ZZN');
  return spec.endsWith('N') || settings.seasonPeriod > MAX_ETS_SEASON ? undefined : settings.seasonPeriod;
}

/** AutoETS over the last `window` points of each history. */
export class EtsForecaster extends EngineForecaster<StoredEts> {
  readonly kind = ModelKind.ets;
  protected readonly stateKey = 'ets';

  protected minLength(): number {
    return 10;
  }

  protected defaults(seasonPeriod: number): Hyperparameters {
    // A few seasons are plenty for level and trend; longer windows only cost time on 5-minute data.
    // Seasonal members estimate a season's worth of states: a week of seasons lets them pay their AICc.
    const seasons = seasonPeriod <= MAX_ETS_SEASON ? SEASONAL_WINDOW_SEASONS : 3;
    return { window: Math.max(48, seasons * seasonPeriod), spec: 'ZZZ', engine: Engine.own };
  }

  protected store(window: readonly number[], settings: BaselineSettings, end: number): StoredEts {
    return storeEts(window, end, etsSeasonOf(settings));
  }

  protected forward(
    stored: StoredEts,
    window: readonly number[],
    settings: BaselineSettings,
    end: number,
  ): number[] | undefined {
    return forwardEts(stored, window, end, settings.stepMs, settings.horizon);
  }

  protected refit(window: readonly number[], settings: BaselineSettings): number[] {
    return refitEts(window, settings.horizon, etsSeasonOf(settings));
  }

  protected async augurs(window: readonly number[], settings: BaselineSettings): Promise<number[]> {
    const { AutoETS } = await loadEts();
    // augurs has no seasonal members: its spec always ends in N.
    const spec = String(settings.hyperparameters['spec'] ?? 'ZZN').replace(/.$/, 'N');
    const model = new AutoETS(1, spec);
    try {
      model.fit(Float64Array.from(window));
      return model.predict(settings.horizon).point;
    } finally {
      model.free();
    }
  }
}
