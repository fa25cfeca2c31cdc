/**
 * The global model behind the `Forecaster` door. One network serves every series of a step:
 * `predictBatch` forecasts thousands in one forward pass, and a series with only a day of history
 * (or less: the context is padded) gets a forecast (cold start). Train it across series with
 * {@link GlobalForecaster.train}, update it with `train(…, { warmStart: previous })`; `fit` on one
 * series trains (or, when already fitted, updates) on that series alone. Intervals come from the
 * network's own quantiles until `setConformal` supplies calibrated half-widths.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { saveNetwork, loadNetwork } from '../tfjs/artifact';
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
import { assertFiniteValues, assertMinLength, fail } from '../validate';
import { symmetricInterval } from '../evaluation/conformal';
import { contextWindow, inputSize, windowScale, writeInput, type GlobalFeatureSpec } from './features';
import type { GlobalNetworkShape } from './network';
import { globalNetworkLoss, trainGlobalNetwork, type GlobalTrainingOptions } from './train';

/** JSON state of a serialized global model. */
export interface GlobalState {
  readonly spec: GlobalFeatureSpec;
  readonly shape: GlobalNetworkShape;
  readonly topology: object;
  readonly weightSpecs: tf.io.WeightsManifestEntry[];
}

interface Fitted {
  readonly network: tf.LayersModel;
  readonly spec: GlobalFeatureSpec;
  readonly shape: GlobalNetworkShape;
  readonly metadata: ModelMetadata;
}

/** One network for every series of a step. */
export class GlobalForecaster implements Forecaster {
  readonly kind = ModelKind.global;
  private fitted: Fitted | undefined;
  private conformal: { q80: readonly number[]; q95: readonly number[] } | undefined;

  /** Trains across `series`; `warmStart` copies a previous version's weights first (an update). */
  static async train(
    series: readonly SeriesData[],
    options: GlobalTrainingOptions & { readonly warmStart?: GlobalForecaster },
  ): Promise<GlobalForecaster> {
    const model = new GlobalForecaster();
    await model.trainOn(series, options, options.warmStart);
    return model;
  }

  /** Metadata of the fitted model. */
  get metadata(): ModelMetadata | undefined {
    return this.fitted?.metadata;
  }

  async fit(history: SeriesData, options: FitOptions): Promise<void> {
    const seasonPeriod = options.seasonPeriod ?? Math.max(1, Math.round(86_400_000 / history.stepMs));
    const previous = this.fitted?.spec.horizon === options.horizon ? this : undefined;
    const epochs = Number(options.hyperparameters?.['epochs'] ?? (previous === undefined ? 30 : 5));
    await this.trainOn(
      [history],
      { horizon: options.horizon, seasonPeriod, epochs, seed: options.seed },
      previous,
    );
  }

  private async trainOn(
    series: readonly SeriesData[],
    options: GlobalTrainingOptions,
    previous: GlobalForecaster | undefined,
  ): Promise<void> {
    const from = previous?.fitted;
    const trained = await trainGlobalNetwork(series, options, from);
    const backend = await initBackend();
    const { spec, shape } = trained;
    const metadata: ModelMetadata = {
      formatVersion: 1,
      kind: this.kind,
      horizon: spec.horizon,
      stepMs: spec.stepMs,
      seasonPeriod: spec.context,
      window: spec.context,
      covariateNames: [],
      hyperparameters: {
        units: shape.units,
        layers: shape.layers,
        epochs: trained.epochs,
        samples: trained.samples,
        series: series.length,
        warmStart: from !== undefined,
        trainingLoss: trained.loss,
      },
      environment: { backend: backend.name, tfjs: tf.version.tfjs },
      trainedAt: Date.now(),
    };
    this.release();
    this.fitted = { network: trained.network, spec, shape, metadata };
  }

  /** Mean pinball loss on windows of `series` (normalised, as `metadata.hyperparameters.trainingLoss`). */
  async loss(series: readonly SeriesData[]): Promise<number> {
    const { network, spec } = this.require();
    return globalNetworkLoss(network, spec, series);
  }

  async predict(input: PredictInput): Promise<Forecast> {
    return (await this.predictBatch([input]))[0] as Forecast;
  }

  /** All inputs in one forward pass; each history needs at least one point, a day gives full context. */
  async predictBatch(inputs: readonly PredictInput[]): Promise<Forecast[]> {
    const { network, spec } = this.require();
    if (inputs.length === 0) return [];
    const width = inputSize(spec);
    const x = new Float32Array(inputs.length * width);
    const scales = inputs.map(({ history }, i) => {
      const field = inputs.length === 1 ? 'input.history' : `inputs[${i}].history`;
      if (history.stepMs !== spec.stepMs)
        fail(`${field}.stepMs`, history.stepMs, `equal the model's step ${spec.stepMs}`);
      assertMinLength(history.values.length, 1, `${field}.values`, 'global model');
      assertFiniteValues(history.values.slice(-spec.context), `${field}.values`);
      const window = contextWindow(history.values, history.values.length, spec.context);
      const scale = windowScale(window);
      writeInput(x, i * width, window, scale, history.start + history.values.length * history.stepMs, spec);
      return scale;
    });
    await initBackend();
    const y = tf.tidy(() => network.predict(tf.tensor2d(x, [inputs.length, width])) as tf.Tensor);
    let out: Float32Array;
    try {
      out = (await y.data()) as Float32Array;
    } finally {
      y.dispose();
    }
    return inputs.map(({ history }, i) =>
      this.decode(out, i, scales[i] as { centre: number; scale: number }, history),
    );
  }

  private decode(
    out: Float32Array,
    i: number,
    s: { centre: number; scale: number },
    history: SeriesData,
  ): Forecast {
    const { spec } = this.require();
    const q = spec.quantiles.length;
    const end = history.start + (history.values.length - 1) * history.stepMs;
    const steps = Array.from({ length: spec.horizon }, (_, k) => {
      // Sorted: quantile outputs can cross; sorting restores their order without moving the median much.
      const raw = Array.from(out.subarray((i * spec.horizon + k) * q, (i * spec.horizon + k + 1) * q));
      const byLevel = spec.quantiles.map((level, j) => ({
        level,
        v: (raw[j] as number) * s.scale + s.centre,
      }));
      const values = byLevel.map((b) => b.v).sort((a, b) => a - b);
      const levels = [...spec.quantiles].sort((a, b) => a - b);
      return (level: number): number => values[levels.indexOf(level)] as number;
    });
    const point = steps.map((at) => at(0.5));
    const band = (lo: number, hi: number) => ({
      lower: steps.map((at) => at(lo)),
      upper: steps.map((at) => at(hi)),
    });
    const intervals =
      this.conformal === undefined
        ? { p80: band(0.1, 0.9), p95: band(0.025, 0.975) }
        : {
            p80: symmetricInterval(point, this.conformal.q80),
            p95: symmetricInterval(point, this.conformal.q95),
          };
    return { times: point.map((_, k) => end + (k + 1) * history.stepMs), point, intervals };
  }

  setConformal(q80: readonly number[], q95: readonly number[]): void {
    this.require();
    this.conformal = { q80: [...q80], q95: [...q95] };
  }

  async serialize(): Promise<ModelArtifact> {
    const { network, spec, shape, metadata } = this.require();
    const saved = await saveNetwork(network);
    const state: GlobalState = { spec, shape, topology: saved.topology, weightSpecs: saved.weightSpecs };
    const conformal =
      this.conformal === undefined
        ? {}
        : { conformal: { q80: [...this.conformal.q80], q95: [...this.conformal.q95] } };
    return { metadata: { ...metadata, ...conformal }, state, weights: saved.weights };
  }

  /** Installs a network rebuilt from an artifact (see {@link loadGlobalForecaster}). */
  restore(fitted: Fitted): void {
    this.release();
    this.fitted = fitted;
  }

  dispose(): void {
    this.release();
  }

  private release(): void {
    this.fitted?.network.dispose();
    this.fitted = undefined;
  }

  private require(): Fitted {
    if (this.fitted === undefined)
      throw new Error('global forecaster must be trained (or loaded) before use');
    return this.fitted;
  }
}

/** Rebuilds a global model from `serialize`'s artifact. */
export async function loadGlobalForecaster(artifact: ModelArtifact): Promise<GlobalForecaster> {
  const state = artifact.state as GlobalState;
  if (typeof state !== 'object' || state === null || state.spec === undefined)
    fail('state.spec', undefined, 'be a global model feature spec');
  await initBackend();
  const network = await loadNetwork(state.topology, state.weightSpecs, artifact.weights);
  const model = new GlobalForecaster();
  model.restore({ network, spec: state.spec, shape: state.shape, metadata: artifact.metadata });
  return model;
}
