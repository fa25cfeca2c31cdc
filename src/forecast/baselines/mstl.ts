/**
 * MSTL (STL decomposition, AutoETS on the seasonally adjusted series, seasonal component carried
 * forward) on one of two engines (`engine.ts`). `own`: `mstl-model.ts`, decomposed and selected
 * once and stored; each forecast subtracts the stored seasonal profile and, by the `update`
 * hyperparameter, re-estimates the stored ETS member (default) or runs its stored filter forward
 * (refitting when the level-shift guard fires); a history off the fitted time grid is refitted. `augurs`: `@bsull/augurs`, which keeps its fitted state inside wasm with no export, so it is
 * re-estimated on each history. Own is the default (bench:accuracy, same run: MASE ×1.008 augurs
 * hourly, ×0.848 at 5 minutes, about a tenth of the forecast time); versions stored before the
 * choice keep augurs.
 */
import { ModelKind } from '../types';
import { BaselineForecaster, type BaselineSettings, type FittingMode, type Hyperparameters } from './base';
import { Engine, engineOf } from './engine';
import { fitMstl, forwardMstl, refitMstl, type MstlUpdate, type StoredMstl } from './mstl-model';
import { fail } from '../validate';
import { loadMstl, statisticalLibraryVersions } from './wasm';

/** MSTL + AutoETS trend over the last `window` points of each history. */
export class MstlForecaster extends BaselineForecaster {
  readonly kind = ModelKind.mstl;
  /** Forecasts where the stored fit was replaced by a refit on the window (level shift, off-grid history). */
  guardRefits = 0;

  constructor(
    settings?: BaselineSettings,
    private stored?: StoredMstl,
  ) {
    super(settings);
  }

  protected get fitting(): FittingMode {
    return engineOf(this.settings) === Engine.own ? 'stored-parameters' : 'refit-on-predict';
  }

  protected minLength(seasonPeriod: number): number {
    // STL needs two full seasons to separate the seasonal component.
    return 2 * seasonPeriod;
  }

  protected defaults(seasonPeriod: number): Hyperparameters {
    return { window: 4 * seasonPeriod, engine: Engine.own, update: 'reestimate' };
  }

  protected override fitModel(
    window: readonly number[],
    settings: BaselineSettings,
    end: number,
  ): Promise<void> {
    this.stored = undefined;
    this.guardRefits = 0;
    if (engineOf(settings) === Engine.own && settings.fallbackReason === undefined) {
      this.stored = fitMstl(window, settings.seasonPeriod, end);
    }
    return Promise.resolve();
  }

  protected async forecastPoint(
    window: readonly number[],
    settings: BaselineSettings,
    end: number,
  ): Promise<number[]> {
    if (engineOf(settings) === Engine.augurs) return augursMstl(window, settings);
    const { horizon, stepMs, seasonPeriod } = settings;
    if (this.stored === undefined) return refitMstl(window, seasonPeriod, horizon);
    const point = forwardMstl(this.stored, window, end, stepMs, horizon, updateOf(settings));
    if (point !== undefined) return point;
    this.guardRefits += 1;
    return refitMstl(window, seasonPeriod, horizon);
  }

  protected override modelState(): Record<string, unknown> {
    return this.stored === undefined ? {} : { mstl: this.stored };
  }

  protected override environment(): Record<string, string> {
    if (engineOf(this.settings) === Engine.own) return {};
    return { augurs: statisticalLibraryVersions()['augurs'] ?? 'unknown' };
  }
}

async function augursMstl(window: readonly number[], settings: BaselineSettings): Promise<number[]> {
  const { MSTL } = await loadMstl();
  const model = MSTL.ets([settings.seasonPeriod]);
  try {
    model.fit(Float64Array.from(window));
    return model.predict(settings.horizon).point;
  } finally {
    model.free();
  }
}

function updateOf(settings: BaselineSettings): MstlUpdate {
  const update = settings.hyperparameters['update'] ?? 'reestimate';
  if (update !== 'reestimate' && update !== 'filter') {
    return fail('options.hyperparameters.update', update, 'be reestimate or filter');
  }
  return update;
}
