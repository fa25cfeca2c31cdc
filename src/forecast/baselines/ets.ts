/**
 * Non-seasonal AutoETS (level and trend; seasonality is MSTL's job), on one of two engines
 * (`engine.ts`). `own` (default): the TypeScript models of `ets-model.ts`, chosen by AICc at `fit`
 * and stored; each forecast runs the stored filter forward over the new observations
 * (`ets-forward.ts`), refitting only when the level-shift guard fires. `augurs`: `@bsull/augurs`,
 * which exposes neither the chosen model nor its state, so it is re-estimated on each history
 * (deterministic: same window, same forecast); versions stored before the choice keep it.
 */
import { ModelKind } from '../types';
import type { BaselineSettings, Hyperparameters } from './base';
import { Engine } from './engine';
import { EngineForecaster } from './engine-forecaster';
import { forwardEts, refitEts, storeEts, type StoredEts } from './ets-forward';
import { loadEts } from './wasm';

/** Non-seasonal AutoETS over the last `window` points of each history. */
export class EtsForecaster extends EngineForecaster<StoredEts> {
  readonly kind = ModelKind.ets;
  protected readonly stateKey = 'ets';

  protected minLength(): number {
    return 10;
  }

  protected defaults(seasonPeriod: number): Hyperparameters {
    // A few seasons are plenty for level and trend; longer windows only cost time on 5-minute data.
    return { window: Math.max(48, 3 * seasonPeriod), spec: 'ZZN', engine: Engine.own };
  }

  protected store(window: readonly number[], _settings: BaselineSettings, end: number): StoredEts {
    return storeEts(window, end);
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
    return refitEts(window, settings.horizon);
  }

  protected async augurs(window: readonly number[], settings: BaselineSettings): Promise<number[]> {
    const { AutoETS } = await loadEts();
    const model = new AutoETS(1, String(settings.hyperparameters['spec'] ?? 'ZZN'));
    try {
      model.fit(Float64Array.from(window));
      return model.predict(settings.horizon).point;
    } finally {
      model.free();
    }
  }
}
