/**
 * Non-seasonal AutoETS (level and trend; seasonality is MSTL's job), on one of two engines
 * (`engine.ts`). `own` (default): the TypeScript models of `ets-model.ts`, chosen by AICc at `fit`
 * and stored; each forecast runs the stored filter forward over the new observations
 * (`ets-forward.ts`), refitting only when the level-shift guard fires. `augurs`: `@bsull/augurs`,
 * which exposes neither the chosen model nor its state, so it is re-estimated on each history
 * (deterministic: same window, same forecast); versions stored before the choice keep it.
 */
import { ModelKind } from '../types';
import { BaselineForecaster, type BaselineSettings, type FittingMode, type Hyperparameters } from './base';
import { Engine, engineOf } from './engine';
import { forwardEts, refitEts, storeEts, type StoredEts } from './ets-forward';
import { loadEts, statisticalLibraryVersions } from './wasm';

/** Non-seasonal AutoETS over the last `window` points of each history. */
export class EtsForecaster extends BaselineForecaster {
  readonly kind = ModelKind.ets;
  /** Forecasts where the level-shift guard replaced the stored fit by a refit on the window. */
  guardRefits = 0;

  constructor(
    settings?: BaselineSettings,
    private stored?: StoredEts,
  ) {
    super(settings);
  }

  protected get fitting(): FittingMode {
    return engineOf(this.settings) === Engine.own ? 'stored-parameters' : 'refit-on-predict';
  }

  protected minLength(): number {
    return 10;
  }

  protected defaults(seasonPeriod: number): Hyperparameters {
    // A few seasons are plenty for level and trend; longer windows only cost time on 5-minute data.
    return { window: Math.max(48, 3 * seasonPeriod), spec: 'ZZN', engine: Engine.own };
  }

  protected override fitModel(
    window: readonly number[],
    settings: BaselineSettings,
    end: number,
  ): Promise<void> {
    this.stored = undefined;
    this.guardRefits = 0;
    if (engineOf(settings) === Engine.own && settings.fallbackReason === undefined) {
      this.stored = storeEts(window, end);
    }
    return Promise.resolve();
  }

  protected async forecastPoint(
    window: readonly number[],
    settings: BaselineSettings,
    end: number,
  ): Promise<number[]> {
    if (engineOf(settings) === Engine.augurs) return augursEts(window, settings);
    const { horizon, stepMs } = settings;
    if (this.stored === undefined) return refitEts(window, horizon);
    const point = forwardEts(this.stored, window, end, stepMs, horizon);
    if (point !== undefined) return point;
    this.guardRefits += 1;
    return refitEts(window, horizon);
  }

  protected override modelState(): Record<string, unknown> {
    return this.stored === undefined ? {} : { ets: this.stored };
  }

  protected override environment(): Record<string, string> {
    if (engineOf(this.settings) === Engine.own) return {};
    return { augurs: statisticalLibraryVersions()['augurs'] ?? 'unknown' };
  }
}

async function augursEts(window: readonly number[], settings: BaselineSettings): Promise<number[]> {
  const { AutoETS } = await loadEts();
  const model = new AutoETS(1, String(settings.hyperparameters['spec'] ?? 'ZZN'));
  try {
    model.fit(Float64Array.from(window));
    return model.predict(settings.horizon).point;
  } finally {
    model.free();
  }
}
