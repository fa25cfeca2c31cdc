/**
 * A forecaster wrapper that reports progress (a Temporal heartbeat in a worker): before every fit (each backtest origin, each search trial,
 * the final model) and after every epoch of neural training. The evaluation library calls `fit`
 * without progress callbacks, so this is where a long training step reaches Temporal.
 */
import {
  createForecaster,
  guardForecaster,
  type FitOptions,
  type Forecast,
  type Forecaster,
  type ModelArtifact,
  type PredictInput,
  type SeriesData,
  type SingleModelKind,
} from '../forecast';
import type { Heartbeat } from './store';

/** What a heartbeat reports: the stage of the job it belongs to. */
export type HeartbeatDetails = Readonly<Record<string, string | number>>;

class HeartbeatForecaster implements Forecaster {
  readonly kind: Forecaster['kind'];

  constructor(
    private readonly inner: Forecaster,
    private readonly heartbeat: Heartbeat,
    private readonly details: HeartbeatDetails,
  ) {
    this.kind = inner.kind;
  }

  async fit(history: SeriesData, options: FitOptions): Promise<void> {
    await this.heartbeat(this.details);
    const onProgress: FitOptions['onProgress'] = (progress) => {
      options.onProgress?.(progress);
      void this.heartbeat({ ...this.details, epoch: progress.epoch });
    };
    await this.inner.fit(history, { ...options, onProgress });
  }

  predict(input: PredictInput): Promise<Forecast> {
    return this.inner.predict(input);
  }

  predictBatch(inputs: readonly PredictInput[]): Promise<Forecast[]> {
    return this.inner.predictBatch(inputs);
  }

  serialize(): Promise<ModelArtifact> {
    return this.inner.serialize();
  }

  dispose(): void {
    this.inner.dispose();
  }
}

/** A factory of new `kind` models that heartbeat with `details` while they train. */
export function heartbeatingFactory(
  heartbeat: Heartbeat,
  kind: SingleModelKind,
  details: HeartbeatDetails,
): () => Forecaster {
  // Guarded, so a crash inside the model (a wasm trap, NaN out) surfaces as a ModelFailureError.
  return () => new HeartbeatForecaster(guardForecaster(createForecaster(kind)), heartbeat, details);
}
