/**
 * Training one model kind on one series: evaluate (train | calibration | evaluation), fit the final
 * model on the whole window with the calibration's conformal intervals, register it and record the
 * run. The run id is the idempotency key: a run that already succeeded is reused, not retrained, so
 * a retried activity never changes what an earlier attempt registered and recorded.
 */
import type { ModelKey, TrainingRunInput } from '../db';
import {
  evaluateModel,
  ModelFailureError,
  sliceCovariates,
  sliceSeries,
  withConformal,
  type ConformalQuantiles,
  type Covariates,
  type EvaluateOptions,
  type ModelArtifact,
  type ModelEvaluation,
  type SeriesData,
  type SingleModelKind,
} from '../forecast';
import type { ModelVersionId } from '../shared';
import { heartbeatingFactory } from './heartbeat-forecaster';
import { invalid, type Hyperparameters } from './inputs';
import { registerEvaluated } from './register-evaluated';
import { evaluateOptionsFor, type TrainingPlan } from './plan';
import type { RunContext } from './search';
import type { Modelling } from './store';

/** One kind to train, with everything its run records. */
export interface KindJob {
  readonly kind: SingleModelKind;
  readonly runId: string;
  readonly key: ModelKey;
  readonly plan: TrainingPlan;
  readonly series: SeriesData;
  readonly hyperparameters: Hyperparameters;
  readonly context: RunContext;
  /** A covariate twin's inputs: the host's other series aligned with `series` (`covariate-twin.ts`). */
  readonly covariates?: Covariates;
  /** A covariate twin's plain model: recorded in the twin's hyperparameters, served when a covariate is missing. */
  readonly withoutCovariates?: ModelVersionId;
}

/** The backtest options of a job: its kind's, with the twin's covariates. */
function optionsOf(job: KindJob): EvaluateOptions & { readonly hyperparameters: Hyperparameters } {
  const options = evaluateOptionsFor(job.kind, job.plan, job.hyperparameters);
  return job.covariates === undefined ? options : { ...options, covariates: job.covariates };
}

/** A kind that trained and registered a version, or one the model refused (bad fit for this data). */
export type KindResult =
  | {
      readonly ok: true;
      readonly kind: SingleModelKind;
      readonly versionId: ModelVersionId;
      readonly validationMase: number;
      readonly evaluationMase: number;
      /** The backtests behind the figures; absent when an earlier attempt's run was reused. */
      readonly evaluation?: ModelEvaluation;
    }
  | { readonly ok: false; readonly kind: SingleModelKind; readonly error: string };

/** Trains, registers and records one kind; reuses the run when it already succeeded. */
export async function trainKind(m: Modelling, job: KindJob): Promise<KindResult> {
  const done = await finishedRun(m, job);
  if (done !== undefined) return done;
  const options = optionsOf(job);
  const run = { ...job.context, runId: job.runId, kind: job.kind, hyperparameters: options.hyperparameters };
  // Recorded before training, so a crashed attempt shows as a run that never finished.
  await m.store.recordRun(run);
  const started = performance.now();
  try {
    return await evaluateAndRegister(m, job, options, run, started);
  } catch (error) {
    // The model's refusal of this data, or its crash (a wasm trap, a throw, NaN forecasts), is a
    // failed candidate with its reason; anything else (the database, our bugs) propagates.
    const reason = modelFailureReason(error);
    if (reason === undefined) throw error;
    const durationMs = Math.round(performance.now() - started);
    await m.store.recordRun({ ...run, outcome: { status: 'failed', error: reason, durationMs } });
    return { ok: false, kind: job.kind, error: reason };
  }
}

/**
 * Why the model failed, when the error came from the model: its refusal of the data
 * (`ForecastInputError`, message as it is) or a crash `guardForecaster` caught (`RuntimeError:
 * unreachable`, say). Undefined for anything else.
 */
export function modelFailureReason(error: unknown): string | undefined {
  if (error instanceof ModelFailureError) {
    const cause = error.cause;
    const refusal = cause instanceof Error && cause.name === 'ForecastInputError';
    return refusal ? cause.message : `${error.kind} ${error.operation} failed: ${error.reason}`;
  }
  return error instanceof Error && error.name === 'ForecastInputError' ? error.message : undefined;
}

/**
 * The backtests of a kind whose run an earlier attempt finished (they are not stored): evaluated
 * again with the same options and seed. Reads and writes nothing; only a retry after a crash needs it.
 */
export async function evaluateAgain(m: Modelling, job: KindJob): Promise<ModelEvaluation> {
  const options = optionsOf(job);
  const factory = heartbeatingFactory(m.heartbeat, job.kind, { stage: `${job.runId}/again` });
  return evaluateModel(factory, job.series, options);
}

async function evaluateAndRegister(
  m: Modelling,
  job: KindJob,
  options: EvaluateOptions,
  run: TrainingRunInput,
  started: number,
): Promise<KindResult> {
  const factory = heartbeatingFactory(m.heartbeat, job.kind, { stage: job.runId });
  const evaluation = await evaluateModel(factory, job.series, options);
  const artifact = await fitFinal(m, job, options, evaluation.conformal);
  const { version, validationMetrics, outcome } = await registerEvaluated(
    m,
    job.key,
    job.runId,
    artifact,
    evaluation,
    started,
  );
  // The model's own record of what it used: resolved hyperparameters and library versions.
  const { hyperparameters, environment } = artifact.metadata;
  const libraryVersions = { ...run.libraryVersions, ...environment };
  await m.store.recordRun({ ...run, hyperparameters, libraryVersions, outcome });
  const [validationMase, evaluationMase] = [validationMetrics.mase, outcome.metrics.mase];
  return { ok: true, kind: job.kind, versionId: version.id, validationMase, evaluationMase, evaluation };
}

/** The final model: fitted on the newest points (all, unless capped), intervals from the calibration. */
async function fitFinal(
  m: Modelling,
  job: KindJob,
  options: EvaluateOptions,
  conformal: ConformalQuantiles,
): Promise<ModelArtifact> {
  const factory = heartbeatingFactory(m.heartbeat, job.kind, { stage: `${job.runId}/final` });
  const model = withConformal(factory(), conformal);
  try {
    const length = job.series.values.length;
    const begin = length - (options.maxTrainWindow ?? length);
    const history = sliceSeries(job.series, begin, length);
    const covariates = sliceCovariates(job.covariates, begin, length);
    const { horizon, seasonPeriod, seed, hyperparameters } = options;
    await model.fit(history, { horizon, seasonPeriod, seed, hyperparameters, covariates });
    return withPlainTwin(await model.serialize(), job.withoutCovariates);
  } finally {
    model.dispose();
  }
}

/** A twin's artifact names its plain model (`hyperparameters.withoutCovariates`, a version id). */
function withPlainTwin(artifact: ModelArtifact, plain: ModelVersionId | undefined): ModelArtifact {
  if (plain === undefined) return artifact;
  const hyperparameters = { ...artifact.metadata.hyperparameters, withoutCovariates: plain };
  return { ...artifact, metadata: { ...artifact.metadata, hyperparameters } };
}

/**
 * The result of an earlier attempt whose run succeeded, or undefined when the kind still has to
 * train. A run id that already names another job is refused: its version would be returned for this one.
 */
async function finishedRun(m: Modelling, job: KindJob): Promise<KindResult | undefined> {
  const run = await m.store.getRun(job.runId);
  if (run === undefined) return undefined;
  const { from, to } = job.context.dataWindow;
  const sameJob =
    run.seriesId === job.key.seriesId &&
    run.horizon === job.key.horizon &&
    run.dataWindow.from === from &&
    run.dataWindow.to === to;
  if (!sameJob)
    invalid(
      'input.runIdPrefix',
      job.runId,
      'name a new training job (a run with this id trained another series, horizon or window)',
    );
  if (run.status !== 'succeeded' || run.modelVersionId === null) return undefined;
  const version = await m.store.getVersion(run.modelVersionId);
  const validationMase = version?.validationMetrics?.mase ?? NaN;
  const evaluationMase = run.metrics?.mase ?? NaN;
  return { ok: true, kind: job.kind, versionId: run.modelVersionId, validationMase, evaluationMase };
}
