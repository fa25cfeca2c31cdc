/**
 * The units of work of the accuracy benchmark, runnable in a worker thread or in-process:
 * evaluating one model on one series, the global model on every series of one step, and timing
 * one model's inference.
 */
import {
  EtsForecaster,
  MstlForecaster,
  createForecaster,
  evaluateCandidate,
  initBackend,
  type Forecaster,
  type ModelEvaluation,
  type PredictInput,
  type SeriesData,
} from '../src/forecast';
import { evaluateOptions, kindOf, type Candidate, type Granularity } from './accuracy-config';
import { runGlobal, type GlobalResult } from './accuracy-global';

/** Calibrate and evaluate `kind` on one series. */
export interface EvaluateTask {
  readonly type: 'evaluate';
  readonly kind: Candidate;
  readonly granularity: Granularity;
  readonly series: SeriesData;
}

/** Train the global model across `series` (one step) and evaluate it on each. */
export interface GlobalTask {
  readonly type: 'global';
  readonly granularity: Granularity;
  readonly series: readonly SeriesData[];
}

/** Fit `kind` on `train`, then time single predictions and one batch over `inputs`. */
export interface SpeedTask {
  readonly type: 'speed';
  readonly kind: Candidate;
  readonly granularity: Granularity;
  readonly train: SeriesData;
  readonly inputs: readonly SeriesData[];
  readonly singles: number;
}

export type Task = EvaluateTask | GlobalTask | SpeedTask;

/** Inference timings of one model. */
export interface SpeedResult {
  readonly trainMs: number;
  readonly singleMs: number;
  readonly batchMs: number;
  readonly batchSize: number;
}

export type TaskOutcome =
  | {
      readonly ok: true;
      readonly evaluation?: ModelEvaluation;
      readonly global?: GlobalResult;
      readonly speed?: SpeedResult;
      /** Our ETS/MSTL: forecasts where the level-shift guard refitted instead of running forward. */
      readonly guardRefits?: number;
    }
  | { readonly ok: false; readonly error: string };

/** Runs one task; failures become outcomes so one bad model or series does not stop the benchmark. */
export async function runTask(task: Task): Promise<TaskOutcome> {
  try {
    // The header already reported the backend: keep each worker's first initialisation quiet.
    await initBackend({ logger: { info: () => undefined } });
    if (task.type === 'evaluate') {
      const options = evaluateOptions(task.kind, task.granularity, task.series);
      const made: Forecaster[] = [];
      const factory = (): Forecaster => {
        const model = createForecaster(kindOf(task.kind));
        made.push(model);
        return model;
      };
      const outcome = await evaluateCandidate(kindOf(task.kind), factory, task.series, options);
      return outcome.ok
        ? { ok: true, evaluation: outcome.evaluation, guardRefits: guardRefits(made) }
        : { ok: false, error: outcome.failure };
    }
    if (task.type === 'global') return { ok: true, global: await runGlobal(task.granularity, task.series) };
    return { ok: true, speed: await timeInference(task) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

async function timeInference(task: SpeedTask): Promise<SpeedResult> {
  const options = evaluateOptions(task.kind, task.granularity, task.train);
  const model = createForecaster(kindOf(task.kind));
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

/** Level-shift refits over the forecasters an evaluation made (undefined for other kinds). */
function guardRefits(models: readonly Forecaster[]): number | undefined {
  const guarded = models.filter((m) => m instanceof EtsForecaster || m instanceof MstlForecaster);
  return guarded.length === 0 ? undefined : guarded.reduce((s, m) => s + m.guardRefits, 0);
}
