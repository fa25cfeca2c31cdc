/**
 * Shared machinery of the statistical baselines: validation at `fit`/`predict`, forecast times,
 * uncalibrated default intervals, the naive fallback and serialization.
 */
import {
  ModelKind,
  type FitOptions,
  type Forecast,
  type Forecaster,
  type ModelArtifact,
  type ModelMetadata,
  type PredictInput,
  type SeriesData,
} from '../types';
import { assertMinLength, assertPositiveInteger, assertSeries, fail, isConstant } from '../validate';
import { buildForecast, defaultSeasonPeriod, plausible, seriesEnd } from './forecast-shape';
import { modelWindow } from './spike-cleaning';

/** Hyperparameter values as stored in metadata. */
export type Hyperparameters = Readonly<Record<string, number | string | boolean>>;

/** What `fit` fixes and `serialize` stores. */
export interface BaselineSettings {
  readonly horizon: number;
  readonly stepMs: number;
  readonly seasonPeriod: number;
  /** Most recent points a model reads from a history (its fitting window). */
  readonly window: number;
  readonly seed: number;
  readonly hyperparameters: Hyperparameters;
  readonly trainedAt: number;
  /** Set when the training window was constant: every forecast is then the naive one. */
  readonly fallbackReason?: string;
}

/**
 * How a baseline's fitted state survives serialization, recorded in `state.fitting`:
 * `stateless` (nothing learned), `refit-on-predict` (estimated afresh on each history from stored
 * settings, deterministically), `refit-on-load` (fitted state rebuilt from the stored training window),
 * `stored-parameters` (estimated parameters stored and applied to each new history).
 */
export type FittingMode = 'stateless' | 'refit-on-predict' | 'refit-on-load' | 'stored-parameters';

/** Base of every baseline: subclasses supply the point forecast and their own state. */
export abstract class BaselineForecaster implements Forecaster {
  abstract readonly kind: ModelKind;
  protected abstract readonly fitting: FittingMode;
  /** Forecasts that fell back to the naive one (constant window, or the library failed). */
  fallbacks = 0;
  protected settings: BaselineSettings | undefined;

  constructor(settings?: BaselineSettings) {
    this.settings = settings;
  }

  /** Shortest history this model accepts for a season period. */
  protected abstract minLength(seasonPeriod: number): number;
  /** Default hyperparameters (including `window`) for a season period. */
  protected abstract defaults(seasonPeriod: number): Hyperparameters;
  /** Point forecast of `settings.horizon` steps following `window` (the newest points). */
  protected abstract forecastPoint(
    window: readonly number[],
    settings: BaselineSettings,
    end: number,
  ): Promise<number[]>;

  /** Model-specific fitting after validation (order selection, Prophet's fit); sees constant windows too. */
  protected fitModel(_window: readonly number[], _settings: BaselineSettings, _end: number): Promise<void> {
    return Promise.resolve();
  }

  /** Model-specific JSON state beside the settings. */
  protected modelState(): Record<string, unknown> {
    return {};
  }

  async fit(history: SeriesData, options: FitOptions): Promise<void> {
    assertSeries(history);
    assertPositiveInteger(options.horizon, 'options.horizon');
    const seasonPeriod = options.seasonPeriod ?? defaultSeasonPeriod(history.stepMs);
    assertPositiveInteger(seasonPeriod, 'options.seasonPeriod');
    const hyperparameters = { ...this.defaults(seasonPeriod), ...options.hyperparameters };
    const window = hyperparameters['window'];
    assertPositiveInteger(window, 'options.hyperparameters.window');
    assertMinLength(
      history.values.length,
      this.minLength(seasonPeriod),
      'history.values',
      `${this.kind} model`,
    );
    const settings: BaselineSettings = {
      horizon: options.horizon,
      stepMs: history.stepMs,
      seasonPeriod,
      window,
      seed: options.seed ?? 0,
      hyperparameters,
      trainedAt: Date.now(),
    };
    const values = modelWindow(this.kind, history.values.slice(-window), settings);
    this.settings = isConstant(values) ? { ...settings, fallbackReason: 'constant series' } : settings;
    this.fallbacks = 0;
    await this.fitModel(values, this.settings, seriesEnd(history));
  }

  async predict(input: PredictInput): Promise<Forecast> {
    const settings = this.requireSettings();
    const { history } = input;
    assertSeries(history, 'input.history');
    if (history.stepMs !== settings.stepMs) {
      fail('input.history.stepMs', history.stepMs, `equal the fitted step ${settings.stepMs}`);
    }
    const minLength = this.minLength(settings.seasonPeriod);
    assertMinLength(history.values.length, minLength, 'input.history.values', `${this.kind} model`);
    const window = modelWindow(this.kind, history.values.slice(-settings.window), settings);
    const point = await this.pointOrFallback(window, settings, seriesEnd(history));
    // Interval widths need more than a 1-point naive window: read at least two seasons (raw: a
    // cleaned window would understate the spread the intervals must cover).
    return buildForecast(
      history,
      point,
      history.values.slice(-Math.max(settings.window, 2 * settings.seasonPeriod)),
    );
  }

  /**
   * The newest points `predict` reads: its fitting window, two seasons for the interval widths, and
   * the shortest history it accepts. A longer gap-free history gives the same forecast, so callers
   * read no more than this (the forecast shard; see docs/scale.md).
   */
  historyPoints(): number {
    const { window, seasonPeriod } = this.requireSettings();
    return Math.max(window, 2 * seasonPeriod, this.minLength(seasonPeriod));
  }

  /** Loops over `predict`: the statistical libraries have no batched path. */
  async predictBatch(inputs: readonly PredictInput[]): Promise<Forecast[]> {
    const forecasts: Forecast[] = [];
    for (const input of inputs) forecasts.push(await this.predict(input));
    return forecasts;
  }

  serialize(): Promise<ModelArtifact> {
    const settings = this.requireSettings();
    const metadata: ModelMetadata = {
      formatVersion: 1,
      kind: this.kind,
      horizon: settings.horizon,
      stepMs: settings.stepMs,
      seasonPeriod: settings.seasonPeriod,
      window: settings.window,
      covariateNames: [],
      hyperparameters: settings.hyperparameters,
      environment: this.environment(),
      trainedAt: settings.trainedAt,
      ...(settings.fallbackReason === undefined
        ? {}
        : { fallback: { kind: ModelKind.naive, reason: settings.fallbackReason } }),
    };
    const state = { fitting: this.fitting, seed: settings.seed, ...this.modelState() };
    return Promise.resolve({ metadata, state });
  }

  dispose(): void {
    this.settings = undefined;
  }

  /** Library versions recorded in metadata. */
  protected environment(): Record<string, string> {
    return {};
  }

  protected requireSettings(): BaselineSettings {
    if (this.settings === undefined)
      throw new Error(`${this.kind} forecaster used before fit (or after dispose)`);
    return this.settings;
  }

  private async pointOrFallback(window: readonly number[], settings: BaselineSettings, end: number) {
    const naive = (): number[] => Array<number>(settings.horizon).fill(window[window.length - 1] ?? NaN);
    // A constant window has nothing to learn and makes ETS/ARIMA likelihoods degenerate.
    if (isConstant(window)) return naive();
    try {
      const point = await this.forecastPoint(window, settings, end);
      if (point.length === settings.horizon && point.every(Number.isFinite) && plausible(point, window)) {
        return point;
      }
    } catch {
      // A numerical failure inside a wasm library: counted and replaced by the naive forecast below.
    }
    this.fallbacks += 1;
    return naive();
  }
}
