/**
 * MSTL (STL decomposition, AutoETS on the seasonally adjusted series, seasonal component carried
 * forward) on one of two engines (`engine.ts`). `own`: `mstl-model.ts`, decomposed and selected
 * once and stored; each forecast subtracts the stored seasonal profile and, by the `update`
 * hyperparameter, re-estimates the stored ETS member (default) or runs its stored filter forward
 * (refitting when the level-shift guard fires); a history off the fitted time grid is refitted.
 * `augurs`: `@bsull/augurs`, which keeps its fitted state inside wasm with no export, so it is
 * re-estimated on each history. Own is the default (bench:accuracy, same run: MASE ×1.008 augurs
 * hourly, ×0.848 at 5 minutes, about a tenth of the forecast time); versions stored before the
 * choice keep augurs.
 */
import { ModelKind } from '../types';
import { fail } from '../validate';
import type { BaselineSettings, Hyperparameters } from './base';
import { Engine } from './engine';
import { EngineForecaster } from './engine-forecaster';
import { fitMstl, forwardMstl, refitMstl, type MstlUpdate, type StoredMstl } from './mstl-model';
import { loadMstl } from './wasm';

/** MSTL + AutoETS trend over the last `window` points of each history. */
export class MstlForecaster extends EngineForecaster<StoredMstl> {
  readonly kind = ModelKind.mstl;
  protected readonly stateKey = 'mstl';

  protected minLength(seasonPeriod: number): number {
    // STL needs two full seasons to separate the seasonal component.
    return 2 * seasonPeriod;
  }

  protected defaults(seasonPeriod: number): Hyperparameters {
    return { window: 4 * seasonPeriod, engine: Engine.own, update: 'reestimate' };
  }

  protected store(window: readonly number[], settings: BaselineSettings, end: number): StoredMstl {
    return fitMstl(window, settings.seasonPeriod, end);
  }

  protected forward(
    stored: StoredMstl,
    window: readonly number[],
    settings: BaselineSettings,
    end: number,
  ): number[] | undefined {
    const { stepMs, horizon } = settings;
    return forwardMstl(stored, window, end, stepMs, horizon, updateOf(settings));
  }

  protected refit(window: readonly number[], settings: BaselineSettings): number[] {
    return refitMstl(window, settings.seasonPeriod, settings.horizon);
  }

  protected async augurs(window: readonly number[], settings: BaselineSettings): Promise<number[]> {
    const { MSTL } = await loadMstl();
    const model = MSTL.ets([settings.seasonPeriod]);
    try {
      model.fit(Float64Array.from(window));
      return model.predict(settings.horizon).point;
    } finally {
      model.free();
    }
  }
}

function updateOf(settings: BaselineSettings): MstlUpdate {
  const update = settings.hyperparameters['update'] ?? 'reestimate';
  if (update !== 'reestimate' && update !== 'filter') {
    return fail('options.hyperparameters.update', update, 'be reestimate or filter');
  }
  return update;
}
