/**
 * Runs of the global model (015), recorded like `training_runs` but per granularity rather than per
 * series: each names why it ran (first model, schedule, breach, update) and, for an update, the
 * version it was warm-started from. Recording the same run id again overwrites the row.
 */
import type { Granularity, TimeRange } from '../shared';
import type { GlobalModelKey, GlobalRefit, GlobalVersionId } from './global-models-repo';
import { asGlobalVersionId } from './global-models-repo';
import type { Db } from './pool';
import { fail, type RunStatus } from './runs-repo';

/** How a global run ended. */
export type GlobalRunOutcome =
  | {
      readonly status: 'succeeded';
      readonly durationMs: number;
      readonly trainingLoss: number;
      readonly versionId: GlobalVersionId;
    }
  | { readonly status: 'failed'; readonly durationMs: number; readonly error: string };

export interface GlobalRunInput extends GlobalModelKey {
  /** Business id, e.g. `global/1h/2026-11-23T10:00:00.000Z`. */
  readonly runId: string;
  readonly refit: GlobalRefit;
  readonly parentVersionId: GlobalVersionId | null;
  readonly reason: string;
  readonly hyperparameters: Readonly<Record<string, number | string | boolean>>;
  readonly dataWindow: TimeRange;
  readonly backend: string;
  readonly libraryVersions: Readonly<Record<string, string>>;
  readonly outcome?: GlobalRunOutcome;
}

/** A stored global run. */
export interface GlobalRun extends Omit<GlobalRunInput, 'outcome'> {
  readonly status: RunStatus;
  readonly durationMs: number | null;
  readonly trainingLoss: number | null;
  readonly versionId: GlobalVersionId | null;
  readonly error: string | null;
}

const COLUMNS =
  'run_id, granularity, horizon, refit, parent_version_id, reason, hyperparameters, data_from, data_to, ' +
  'backend, library_versions, status, duration_ms, training_loss, global_version_id, error';
const UPDATES = COLUMNS.split(', ')
  .slice(1)
  .map((c) => `${c} = VALUES(${c})`)
  .join(', ');

function outcomeParams(o: GlobalRunOutcome | undefined): unknown[] {
  if (o === undefined) return ['running', null, null, null, null];
  if (!(Number.isInteger(o.durationMs) && o.durationMs >= 0))
    fail('outcome.durationMs', o.durationMs, 'be a non-negative integer');
  if (o.status === 'failed') return ['failed', o.durationMs, null, null, o.error];
  const loss = Number.isFinite(o.trainingLoss) ? o.trainingLoss : null;
  return ['succeeded', o.durationMs, loss, o.versionId, null];
}

/** Records a global run (running, or how it ended). */
export async function recordGlobalRun(db: Db, run: GlobalRunInput): Promise<void> {
  if (!(run.runId.length > 0 && run.runId.length <= 255))
    fail('runId', run.runId, 'have 1 to 255 characters');
  if (!(run.dataWindow.from <= run.dataWindow.to)) fail('dataWindow', run.dataWindow, 'have from <= to');
  const params = [
    ...[run.runId, run.granularity, run.horizon, run.refit, run.parentVersionId, run.reason.slice(0, 1000)],
    ...[JSON.stringify(run.hyperparameters), new Date(run.dataWindow.from), new Date(run.dataWindow.to)],
    ...[run.backend, JSON.stringify(run.libraryVersions), ...outcomeParams(run.outcome)],
  ];
  await db.pool.query(
    `INSERT INTO global_training_runs (${COLUMNS}) VALUES (${params.map(() => '?').join(',')})
     ON DUPLICATE KEY UPDATE ${UPDATES}`,
    params,
  );
}

interface GlobalRunDbRow {
  run_id: string;
  granularity: Granularity;
  horizon: number;
  refit: GlobalRefit;
  parent_version_id: number | null;
  reason: string;
  hyperparameters: string;
  data_from: Date;
  data_to: Date;
  backend: string;
  library_versions: string;
  status: RunStatus;
  duration_ms: number | null;
  training_loss: number | null;
  global_version_id: number | null;
  error: string | null;
}

/** One global run by its id, or undefined. */
export async function getGlobalRun(db: Db, runId: string): Promise<GlobalRun | undefined> {
  const [r] = await db.pool.query<GlobalRunDbRow[]>(
    { sql: `SELECT ${COLUMNS} FROM global_training_runs WHERE run_id = ?`, autoJsonMap: false },
    [runId],
  );
  if (r === undefined) return undefined;
  const id = (v: number | null) => (v === null ? null : asGlobalVersionId(Number(v)));
  return {
    ...{ runId: r.run_id, granularity: r.granularity, horizon: r.horizon, refit: r.refit },
    ...{ parentVersionId: id(r.parent_version_id), reason: r.reason },
    hyperparameters: JSON.parse(r.hyperparameters) as GlobalRun['hyperparameters'],
    dataWindow: { from: r.data_from.getTime(), to: r.data_to.getTime() },
    backend: r.backend,
    libraryVersions: JSON.parse(r.library_versions) as GlobalRun['libraryVersions'],
    ...{ status: r.status, durationMs: r.duration_ms, trainingLoss: r.training_loss },
    ...{ versionId: id(r.global_version_id), error: r.error },
  };
}
