/**
 * Prophet from `@bsull/augurs` with the `@bsull/augurs-prophet-wasmstan` optimizer (Stan's L-BFGS
 * compiled to wasm). Prophet is a curve of time (trend + Fourier seasonality), fitted once by
 * `fit`; `predict` evaluates that curve at the steps after the given history and does not condition
 * on the newest values, so callers refit to take in new data (backtests do, every `refitEvery` origins).
 * The fitted parameters stay inside wasm, so serialization stores the training window and the
 * seed and refits on load (`refit-on-load`): the optimizer is deterministic for a fixed seed.
 */
import type { Prophet as AugursProphet } from '@bsull/augurs/prophet';
import { ModelKind } from '../types';
import { BaselineForecaster, type BaselineSettings, type Hyperparameters } from './base';
import { isConstant } from '../validate';
import { loadProphet, statisticalLibraryVersions } from './wasm';

/** The window a Prophet model was fitted on, stored so that loading can refit it. */
export interface ProphetTrainingWindow {
  /** Epoch ms of the window's last point. */
  readonly end: number;
  readonly values: readonly number[];
}

const DAY_MS = 86_400_000;

/** Prophet with one custom seasonality of `seasonPeriod` steps, fitted on the last `window` points. */
export class ProphetForecaster extends BaselineForecaster {
  readonly kind = ModelKind.prophet;
  protected readonly fitting = 'refit-on-load';
  private model: AugursProphet | undefined;
  private training: ProphetTrainingWindow | undefined;

  protected minLength(seasonPeriod: number): number {
    return 2 * seasonPeriod;
  }

  protected defaults(seasonPeriod: number): Hyperparameters {
    return {
      window: 14 * seasonPeriod,
      fourierOrder: 8,
      changepointPriorScale: 0.05,
      seasonalityPriorScale: 10,
    };
  }

  protected override async fitModel(
    window: readonly number[],
    settings: BaselineSettings,
    end: number,
  ): Promise<void> {
    this.model?.free();
    this.model = undefined;
    this.training = { end, values: [...window] };
    // Nothing to fit on a constant window: predict falls back to the naive forecast.
    if (isConstant(window)) return;
    const { Prophet, optimizer } = await loadProphet();
    const hp = settings.hyperparameters;
    const off = { type: 'manual', enabled: false } as const;
    const model = new Prophet({
      optimizer,
      uncertaintySamples: 0, // intervals come from conformal calibration, not Prophet's simulation
      yearlySeasonality: off,
      weeklySeasonality: off,
      dailySeasonality: off,
      changepointPriorScale: Number(hp['changepointPriorScale']),
      seasonalityPriorScale: Number(hp['seasonalityPriorScale']),
    });
    // Prophet's time unit is the day; the season is whatever `seasonPeriod` steps span.
    const period = (settings.seasonPeriod * settings.stepMs) / DAY_MS;
    model.addSeasonality('season', { period, fourierOrder: Number(hp['fourierOrder']) });
    const ds = window.map((_, i) => (end - (window.length - 1 - i) * settings.stepMs) / 1000);
    model.fit({ ds, y: Float64Array.from(window) }, { seed: settings.seed });
    this.model = model;
  }

  protected forecastPoint(
    _window: readonly number[],
    settings: BaselineSettings,
    end: number,
  ): Promise<number[]> {
    if (this.model === undefined) throw new Error('prophet has no fitted model (constant training window)');
    const ds = Array.from({ length: settings.horizon }, (_, k) => (end + (k + 1) * settings.stepMs) / 1000);
    return Promise.resolve(this.model.predict({ ds }).yhat.point);
  }

  /** Rebuilds the fitted model from a stored training window (used by `loadBaseline`). */
  async restore(training: ProphetTrainingWindow): Promise<void> {
    const settings = this.requireSettings();
    await this.fitModel(training.values, settings, training.end);
  }

  protected override modelState(): Record<string, unknown> {
    return { training: this.training };
  }

  protected override environment(): Record<string, string> {
    const versions = statisticalLibraryVersions();
    return {
      augurs: versions['augurs'] ?? 'unknown',
      wasmstan: versions['augurs-prophet-wasmstan'] ?? 'unknown',
    };
  }

  override dispose(): void {
    this.model?.free();
    this.model = undefined;
    super.dispose();
  }
}
