/**
 * The units of work of the accuracy benchmark, runnable in a worker thread or in-process:
 * evaluating one model on one series, and timing one model's inference.
 */
import {
  createForecaster,
  evaluateModel,
  initBackend,
  type ModelEvaluation,
  type PredictInput,
  type SeriesData,
  type SingleModelKind,
} from '../src/forecast';
import { GRANULARITIES, evaluateOptions, type Granularity } from './accuracy-config';

/** Calibrate and evaluate `kind` on one series. */
export interface EvaluateTask {
  readonly type: 'evaluate';
  readonly kind: SingleModelKind;
  readonly granularity: Granularity;
  readonly series: SeriesData;
}

/** Fit `kind` on `train`, then time single predictions and one batch over `inputs`. */
export interface SpeedTask {
  readonly type: 'speed';
  readonly kind: SingleModelKind;
  readonly granularity: Granularity;
  readonly train: SeriesData;
  readonly inputs: readonly SeriesData[];
  readonly singles: number;
}

export type Task = EvaluateTask | SpeedTask;

/** Inference timings of one model. */
export interface SpeedResult {
  readonly trainMs: number;
  readonly singleMs: number;
  readonly batchMs: number;
  readonly batchSize: number;
}

export type TaskOutcome =
  | { readonly ok: true; readonly evaluation?: ModelEvaluation; readonly speed?: SpeedResult }
  | { readonly ok: false; readonly error: string };

/** Runs one task; failures become outcomes so one bad series does not stop the benchmark. */
export async function runTask(task: Task): Promise<TaskOutcome> {
  try {
    // The header already reported the backend: keep each worker's first initialisation quiet.
    await initBackend({ logger: { info: () => undefined } });
    if (task.type === 'evaluate') {
      const options = evaluateOptions(task.kind, GRANULARITIES[task.granularity], task.series);
      return {
        ok: true,
        evaluation: await evaluateModel(() => createForecaster(task.kind), task.series, options),
      };
    }
    return { ok: true, speed: await timeInference(task) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

async function timeInference(task: SpeedTask): Promise<SpeedResult> {
  const g = GRANULARITIES[task.granularity];
  const options = evaluateOptions(task.kind, g, task.train);
  const model = createForecaster(task.kind);
  try {
    const cap = options.maxTrainWindow ?? task.train.values.length;
    const train = { ...task.train, values: task.train.values.slice(-cap) };
    const { horizon, seasonPeriod, seed, hyperparameters } = options;
    let started = performance.now();
    await model.fit(train, { horizon, seasonPeriod, seed, hyperparameters });
    const trainMs = performance.now() - started;
    const inputs: PredictInput[] = task.inputs.map((history) => ({ history }));
    // Warm-up: the first call pays for wasm compilation and tfjs kernel set-up.
    await model.predict(inputs[0] as PredictInput);
    started = performance.now();
    for (const input of inputs.slice(0, task.singles)) await model.predict(input);
    const singleMs = (performance.now() - started) / Math.min(task.singles, inputs.length);
    started = performance.now();
    await model.predictBatch(inputs);
    const batchMs = (performance.now() - started) / inputs.length;
    return { trainMs, singleMs, batchMs, batchSize: inputs.length };
  } finally {
    model.dispose();
  }
}
