/**
 * What the LSTM, TCN and dense forecasters share: validation, the constant-series fallback, batched
 * prediction, conformal intervals and serialization. Subclasses only say how to build the network.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { covariateChannels, covariateNames } from '../features/covariates';
import type {
  FitOptions,
  Forecast,
  Forecaster,
  ModelArtifact,
  ModelMetadata,
  PredictInput,
  SeriesData,
} from '../types';
import { assertMinLength, assertPositiveInteger, assertSeries, fail, isConstant } from '../validate';
import { saveNetwork } from './artifact';
import type { ConformalQuantiles } from './conformal';
import { checkQuantiles, toForecast } from './conformal';
import type { FeatureSpec } from './design';
import { buildPredictBatch, channelCount, decodeOutputs } from './design';
import { fitNetwork } from './fit-network';
import type { TfjsKind } from './hyperparameters';
import { defaultSeasonPeriod, resolveHyperparameters } from './hyperparameters';
import { horizonTimes, naiveForecast } from './naive';
import type { NetworkBuilder } from './networks';

/** Defaults for every `fit`; `FitOptions` override them. */
export interface TfjsForecasterOptions {
  readonly hyperparameters?: Readonly<Record<string, number | string | boolean>>;
  readonly seed?: number;
}

/** A fitted state: a network and its feature spec, or neither for the naive fallback. */
export interface FittedState {
  readonly metadata: ModelMetadata;
  readonly network?: { readonly model: tf.LayersModel; readonly spec: FeatureSpec };
}

/** JSON state stored in `ModelArtifact.state` by tfjs forecasters. */
export interface TfjsState {
  readonly spec?: FeatureSpec;
  readonly topology?: object;
  readonly weightSpecs?: tf.io.WeightsManifestEntry[];
}

const DEFAULT_SEED = 42;

/**
 * Base of the tfjs forecasters. One fitted instance models one series; `predictBatch` runs many input
 * windows (that series at many origins, or other series for a global model) through one forward pass.
 * Intervals are split-conformal widths per horizon step, replaceable with `setConformal`.
 */
export abstract class TfjsForecaster implements Forecaster {
  abstract readonly kind: TfjsKind;
  protected abstract readonly build: NetworkBuilder;
  private fitted: FittedState | undefined;
  private disposed = false;

  constructor(private readonly defaults: TfjsForecasterOptions = {}) {}

  /** The fitted model's metadata, if fitted. */
  get metadata(): ModelMetadata | undefined {
    return this.fitted?.metadata;
  }

  /** Trains on `history`; a constant series skips training and falls back to naive (see `metadata.fallback`). */
  async fit(history: SeriesData, options: FitOptions): Promise<void> {
    this.assertUsable();
    assertSeries(history);
    assertPositiveInteger(options.horizon, 'options.horizon');
    const { horizon } = options;
    const length = history.values.length;
    const seasonPeriod = options.seasonPeriod ?? defaultSeasonPeriod(history.stepMs);
    const given = { ...this.defaults.hyperparameters, ...options.hyperparameters };
    const hp = resolveHyperparameters(this.kind, given, { length, horizon, seasonPeriod });
    const why = `window ${hp.window} + horizon ${horizon}`;
    assertMinLength(length, hp.window + horizon, 'history.values', why);
    const names = covariateNames(options.covariates);
    const values = covariateChannels(options.covariates, names, length, 'options.covariates');
    const seed = options.seed ?? this.defaults.seed ?? DEFAULT_SEED;
    const backend = await initBackend();
    const metadata: ModelMetadata = {
      ...{ formatVersion: 1, kind: this.kind, horizon, stepMs: history.stepMs, seasonPeriod },
      ...{
        window: hp.window,
        covariateNames: names,
        hyperparameters: { ...hp, seed },
        trainedAt: Date.now(),
      },
      environment: { backend: backend.name, tfjs: tf.version.tfjs },
    };
    this.release();
    if (isConstant(history.values)) {
      // Nothing to learn; the last value is exact for a constant series, hence zero-width intervals.
      const zeros = new Array<number>(horizon).fill(0);
      const fallback = { kind: 'naive', reason: 'constant series' } as const;
      this.fitted = { metadata: { ...metadata, conformal: { q80: zeros, q95: zeros }, fallback } };
      return;
    }
    const net = await fitNetwork(this.build, history, { names, values }, hp, { ...options, seed });
    const network = { model: net.model, spec: net.spec };
    this.fitted = { metadata: { ...metadata, conformal: net.conformal }, network };
  }

  /** Forecasts the horizon after `input.history`'s last value. */
  async predict(input: PredictInput): Promise<Forecast> {
    return (await this.run([input], true))[0] as Forecast;
  }

  /** Forecasts many inputs in one tensor batch; errors name the input (`inputs[3].history.values[17]`). */
  predictBatch(inputs: readonly PredictInput[]): Promise<Forecast[]> {
    return this.run(inputs, false);
  }

  private async run(inputs: readonly PredictInput[], single: boolean): Promise<Forecast[]> {
    const { metadata, network } = this.requireFitted();
    const q = metadata.conformal ?? { q80: [], q95: [] };
    const prefix = (i: number) => (single ? '' : `inputs[${i}].`);
    inputs.forEach(({ history }, i) => {
      if (history.stepMs !== metadata.stepMs) {
        fail(`${prefix(i)}history.stepMs`, history.stepMs, `equal the model's step ${metadata.stepMs}`);
      }
    });
    if (network === undefined) {
      return inputs.map((input, i) => naiveForecast(input, metadata.horizon, q, prefix(i)));
    }
    if (inputs.length === 0) return [];
    const { spec } = network;
    const batch = buildPredictBatch(inputs, spec, single);
    const values = decodeOutputs(
      await this.infer(network.model, batch.x, inputs.length, spec),
      batch.lastScaled,
      spec,
    );
    return batch.origins.map((origin, i) => {
      const point = Array.from(values.subarray(i * spec.horizon, (i + 1) * spec.horizon));
      return toForecast(horizonTimes(origin, metadata.stepMs, spec.horizon), point, q);
    });
  }

  /** One forward pass over the whole batch `[n, window, channels]`. */
  private async infer(
    model: tf.LayersModel,
    x: Float32Array,
    n: number,
    spec: FeatureSpec,
  ): Promise<Float32Array> {
    await initBackend();
    const y = tf.tidy(() => model.predict(tf.tensor3d(x, [n, spec.window, channelCount(spec)])) as tf.Tensor);
    try {
      return (await y.data()) as Float32Array;
    } finally {
      y.dispose();
    }
  }

  /** Replaces the interval half-widths (one per horizon step), e.g. with ones recomputed from backtests. */
  setConformal(q80: readonly number[], q95: readonly number[]): void {
    const { metadata, network } = this.requireFitted();
    const conformal: ConformalQuantiles = checkQuantiles(q80, q95, metadata.horizon);
    this.fitted = { metadata: { ...metadata, conformal }, ...(network ? { network } : {}) };
  }

  /** Metadata, feature spec, tfjs topology (JSON) and weights (bytes). */
  async serialize(): Promise<ModelArtifact> {
    const { metadata, network } = this.requireFitted();
    if (network === undefined) return { metadata, state: {} satisfies TfjsState };
    const saved = await saveNetwork(network.model);
    const state: TfjsState = { spec: network.spec, topology: saved.topology, weightSpecs: saved.weightSpecs };
    return { metadata, state, weights: saved.weights };
  }

  /** Installs a state rebuilt from an artifact; for `loadForecaster`. */
  restore(state: FittedState): void {
    this.assertUsable();
    this.release();
    this.fitted = state;
  }

  /** Frees the network; the forecaster cannot be used afterwards. */
  dispose(): void {
    this.release();
    this.disposed = true;
  }

  private release(): void {
    this.fitted?.network?.model.dispose();
    this.fitted = undefined;
  }

  private assertUsable(): void {
    if (this.disposed) throw new Error(`${this.kind} forecaster was disposed`);
  }

  private requireFitted(): FittedState {
    this.assertUsable();
    if (this.fitted === undefined)
      throw new Error(`${this.kind} forecaster must be fitted (or loaded) before use`);
    return this.fitted;
  }
}
