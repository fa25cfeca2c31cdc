/**
 * What ETS and MSTL share across the two engines (`engine.ts`): with `own`, a fit stored at `fit`
 * and used by each forecast (refitting on the window when the stored fit cannot serve it);
 * with `augurs`, the wasm model re-estimated at every forecast.
 */
import { BaselineForecaster, type BaselineSettings, type FittingMode } from './base';
import { Engine, engineOf } from './engine';
import { statisticalLibraryVersions } from './wasm';

/** A baseline with an own engine storing a fit of type `Stored`, and an augurs engine. */
export abstract class EngineForecaster<Stored> extends BaselineForecaster {
  /** Forecasts where the stored fit could not serve (a level shift, an off-grid history) and was replaced by a refit. */
  guardRefits = 0;
  /** Key of the stored fit in `state`. */
  protected abstract readonly stateKey: string;

  constructor(
    settings?: BaselineSettings,
    protected stored?: Stored,
  ) {
    super(settings);
  }

  /** The own engine's fit of `window` (ending at `end`), for storage. */
  protected abstract store(window: readonly number[], settings: BaselineSettings, end: number): Stored;
  /** The forecast from `stored`, or undefined when it cannot serve this window. */
  protected abstract forward(
    stored: Stored,
    window: readonly number[],
    settings: BaselineSettings,
    end: number,
  ): number[] | undefined;
  /** The own engine's forecast from a fresh fit of `window`. */
  protected abstract refit(window: readonly number[], settings: BaselineSettings): number[];
  /** The augurs engine's forecast. */
  protected abstract augurs(window: readonly number[], settings: BaselineSettings): Promise<number[]>;

  protected get fitting(): FittingMode {
    return engineOf(this.settings) === Engine.own ? 'stored-parameters' : 'refit-on-predict';
  }

  protected override fitModel(
    window: readonly number[],
    settings: BaselineSettings,
    end: number,
  ): Promise<void> {
    this.stored = undefined;
    this.guardRefits = 0;
    // A constant window is served by the naive fallback: nothing to store.
    if (engineOf(settings) === Engine.own && settings.fallbackReason === undefined) {
      this.stored = this.store(window, settings, end);
    }
    return Promise.resolve();
  }

  protected async forecastPoint(
    window: readonly number[],
    settings: BaselineSettings,
    end: number,
  ): Promise<number[]> {
    if (engineOf(settings) === Engine.augurs) return this.augurs(window, settings);
    if (this.stored === undefined) return this.refit(window, settings);
    const point = this.forward(this.stored, window, settings, end);
    if (point !== undefined) return point;
    this.guardRefits += 1;
    return this.refit(window, settings);
  }

  protected override modelState(): Record<string, unknown> {
    return this.stored === undefined ? {} : { [this.stateKey]: this.stored };
  }

  protected override environment(): Record<string, string> {
    if (engineOf(this.settings) === Engine.own) return {};
    return { augurs: statisticalLibraryVersions()['augurs'] ?? 'unknown' };
  }
}
