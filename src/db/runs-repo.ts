import type { ModelKind } from '../forecast/types';
import {
  FieldValueError,
  type Granularity,
  type ModelVersionId,
  type SeriesId,
  type TimeRange,
} from '../shared';
import { toMetricsJson } from './json-columns';
import type { Db } from './pool';
import { dbErrorCode, showValue } from './repo-errors';

/** Lifecycle of a training run. */
export const RunStatus = { running: 'running', succeeded: 'succeeded', failed: 'failed' } as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

/** Accuracy of a run or of one backtest fold. NaN or ±Infinity where a metric is undefined; stored as such. */
export interface RunMetrics {
  readonly mae: number;
  readonly rmse: number;
  readonly mape: number;
  readonly smape: number;
  readonly mase: number;
  readonly coverage80: number;
  readonly coverage95: number;
}

/** How a run ended: a success carries metrics, a failure carries its error. */
export type RunOutcome =
  | {
      readonly status: 'succeeded';
      readonly metrics: RunMetrics;
      readonly folds: readonly RunMetrics[];
      readonly durationMs: number;
      readonly modelVersionId?: ModelVersionId;
    }
  | {
      readonly status: 'failed';
      readonly error: string;
      readonly durationMs: number;
      readonly metrics?: RunMetrics;
      readonly folds?: readonly RunMetrics[];
    };

/** What a caller records about a run; `outcome` is absent while the run is still going. */
export interface TrainingRunInput {
  /** Business id, e.g. `retrain/<series>/<reason>/<n>`; recording the same id again overwrites the run. */
  readonly runId: string;
  readonly seriesId: SeriesId;
  readonly granularity: Granularity;
  readonly horizon: number;
  readonly kind: ModelKind;
  readonly hyperparameters: Readonly<Record<string, number | string | boolean>>;
  readonly dataWindow: TimeRange;
  readonly backend: string;
  readonly libraryVersions: Readonly<Record<string, string>>;
  /** Hyperparameter search this run is a trial of, and the trial's number in it. */
  readonly searchId?: string;
  readonly trial?: number;
  readonly outcome?: RunOutcome;
}

/** A stored run. */
export interface TrainingRun extends Omit<TrainingRunInput, 'searchId' | 'trial' | 'outcome'> {
  readonly searchId: string | null;
  readonly trial: number | null;
  readonly status: RunStatus;
  readonly durationMs: number | null;
  readonly metrics: RunMetrics | null;
  readonly folds: readonly RunMetrics[] | null;
  readonly modelVersionId: ModelVersionId | null;
  readonly error: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Bad input to the runs repository; `field` names where, `value` what was found. */
export class TrainingRunError extends FieldValueError {
  override readonly name = 'TrainingRunError';
}

/** Throws a `TrainingRunError` reading `<field> must <rule>, got <value>`. @internal shared with runs-query. */
export function fail(field: string, value: unknown, rule: string): never {
  throw new TrainingRunError(field, value, `${field} must ${rule}, got ${showValue(value)}`);
}

function validateRun(run: TrainingRunInput): void {
  if (run.runId.length === 0 || run.runId.length > 255) fail('runId', run.runId, 'have 1 to 255 characters');
  if (!Number.isInteger(run.horizon) || run.horizon < 1)
    fail('horizon', run.horizon, 'be a positive integer');
  if (!(run.dataWindow.from <= run.dataWindow.to))
    fail('dataWindow', run.dataWindow, 'have from <= to (epoch ms)');
  if (run.trial !== undefined && run.searchId === undefined)
    fail('searchId', undefined, 'be set when trial is');
  if (run.trial !== undefined && !(Number.isInteger(run.trial) && run.trial >= 0))
    fail('trial', run.trial, 'be a non-negative integer');
}

function outcomeParams(outcome: RunOutcome | undefined): unknown[] {
  if (outcome === undefined) return [RunStatus.running, null, null, null, null, null];
  if (!(Number.isInteger(outcome.durationMs) && outcome.durationMs >= 0))
    fail('durationMs', outcome.durationMs, 'be a non-negative integer');
  return [
    outcome.status,
    outcome.durationMs,
    outcome.folds === undefined ? null : toMetricsJson(outcome.folds),
    outcome.metrics === undefined ? null : toMetricsJson(outcome.metrics),
    outcome.status === 'succeeded' ? (outcome.modelVersionId ?? null) : null,
    outcome.status === 'failed' ? outcome.error : null,
  ];
}

/** Parameters in `RUN_COLUMNS` order, before the outcome's. */
function runParams(r: TrainingRunInput): unknown[] {
  const { from, to } = r.dataWindow;
  const [hyper, libs] = [JSON.stringify(r.hyperparameters), JSON.stringify(r.libraryVersions)];
  const identity = [r.runId, r.seriesId, r.granularity, r.horizon, r.kind, hyper];
  return [...identity, new Date(from), new Date(to), r.backend, libs, r.searchId ?? null, r.trial ?? null];
}

const RUN_COLUMNS =
  'run_id, series_id, granularity, horizon, kind, hyperparameters, data_from, data_to, backend, library_versions, ' +
  'search_id, trial, status, duration_ms, fold_metrics, metrics, model_version_id, error';
const RUN_UPDATES = RUN_COLUMNS.split(', ')
  .slice(1)
  .map((c) => `${c} = VALUES(${c})`)
  .join(', ');
/** Small enough that rows with many folds stay far below max_allowed_packet (16 MB here). */
const RUNS_PER_STATEMENT = 200;

/**
 * Records runs (one or many, e.g. every trial of a search) in multi-row upserts. A run id seen
 * before is overwritten, so the row always describes the latest attempt and a retry never duplicates it.
 */
export async function recordRuns(db: Db, runs: readonly TrainingRunInput[]): Promise<void> {
  runs.forEach(validateRun);
  for (let i = 0; i < runs.length; i += RUNS_PER_STATEMENT) {
    const chunk = runs.slice(i, i + RUNS_PER_STATEMENT);
    const params = chunk.flatMap((r) => [...runParams(r), ...outcomeParams(r.outcome)]);
    const values = new Array<string>(chunk.length).fill(`(${new Array<string>(18).fill('?').join(',')})`);
    const sql = `INSERT INTO training_runs (${RUN_COLUMNS}) VALUES ${values.join(',')} ON DUPLICATE KEY UPDATE ${RUN_UPDATES}`;
    await db.pool.query(sql, params).catch((cause: unknown) => {
      const refs = chunk.map((r) => ({ seriesId: r.seriesId, versionId: outcomeParams(r.outcome)[4] }));
      throw explainFkError(cause, refs);
    });
  }
}

/** Records one run; see `recordRuns`. */
export async function recordRun(db: Db, run: TrainingRunInput): Promise<void> {
  await recordRuns(db, [run]);
}

/** Stores how a recorded run ended. Finishing twice overwrites; an unknown run id is an error. */
export async function finishRun(db: Db, runId: string, outcome: RunOutcome): Promise<void> {
  const [status, durationMs, folds, metrics, versionId, error] = outcomeParams(outcome);
  const result = await db.pool
    .query<{ affectedRows: number }>(
      `UPDATE training_runs SET status = ?, duration_ms = ?, fold_metrics = ?, metrics = ?, model_version_id = ?, error = ?
       WHERE run_id = ?`,
      [status, durationMs, folds, metrics, versionId, error, runId],
    )
    .catch((cause: unknown) => {
      throw explainFkError(cause, [{ versionId }]);
    });
  // The pool reports matched rows (foundRows), so 0 means the run was never recorded.
  if (result.affectedRows === 0) fail('runId', runId, 'name a recorded run (call recordRun first)');
}

/**
 * Turns a foreign-key refusal into an error naming the field and value, rather than MariaDB's
 * constraint text; any other error passes through (deadlocks and lost connections stay retryable).
 */
function explainFkError(
  cause: unknown,
  refs: ReadonlyArray<{ seriesId?: number; versionId?: unknown }>,
): unknown {
  if (dbErrorCode(cause) !== 'ER_NO_REFERENCED_ROW_2') return cause;
  const series = (cause as Error).message.includes('fk_training_runs_series');
  const field = series ? 'seriesId' : 'modelVersionId';
  const values = [...new Set(refs.map((r) => (series ? r.seriesId : r.versionId)).filter((v) => v != null))];
  const got = values.length === 1 ? values[0] : values;
  const rule = `name an existing ${series ? 'series' : 'model version'}${values.length > 1 ? ' (one does not)' : ''}`;
  return new TrainingRunError(field, got, `${field} must ${rule}, got ${showValue(got)}`, { cause });
}
