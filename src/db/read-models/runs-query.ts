import type { ModelKind } from '../../forecast/types';
import { asModelVersionId, asSeriesId, type Granularity, type SeriesId } from '../../shared';
import { fromMetricsJson } from '../json-columns';
import type { Db } from '../pool';
import { fail, type RunMetrics, type RunStatus, type TrainingRun } from '../runs-repo';

/** The metrics where lower is better, which `bestTrial` can rank by. */
export type ErrorMetric = 'mae' | 'rmse' | 'mape' | 'smape' | 'mase';
const ERROR_METRICS: readonly string[] = ['mae', 'rmse', 'mape', 'smape', 'mase'];

interface RunDbRow {
  run_id: string;
  series_id: number;
  granularity: Granularity;
  horizon: number;
  kind: ModelKind;
  hyperparameters: string;
  data_from: Date;
  data_to: Date;
  backend: string;
  library_versions: string;
  search_id: string | null;
  trial: number | null;
  status: RunStatus;
  duration_ms: number | null;
  fold_metrics: string | null;
  metrics: string | null;
  model_version_id: number | null;
  error: string | null;
  created_at: Date;
  updated_at: Date;
}

function fromRow(r: RunDbRow): TrainingRun {
  return {
    runId: r.run_id,
    seriesId: asSeriesId(r.series_id),
    granularity: r.granularity,
    horizon: r.horizon,
    kind: r.kind,
    hyperparameters: JSON.parse(r.hyperparameters) as TrainingRun['hyperparameters'],
    dataWindow: { from: r.data_from.getTime(), to: r.data_to.getTime() },
    backend: r.backend,
    libraryVersions: JSON.parse(r.library_versions) as TrainingRun['libraryVersions'],
    searchId: r.search_id,
    trial: r.trial,
    status: r.status,
    durationMs: r.duration_ms,
    metrics: fromMetricsJson<RunMetrics>(r.metrics),
    folds: fromMetricsJson<RunMetrics[]>(r.fold_metrics),
    modelVersionId: r.model_version_id === null ? null : asModelVersionId(r.model_version_id),
    error: r.error,
    createdAt: r.created_at.getTime(),
    updatedAt: r.updated_at.getTime(),
  };
}

/** JSON columns come back as text (`autoJsonMap: false`), parsed here, whatever the server version. */
async function selectRuns(db: Db, where: string, params: unknown[], tail = ''): Promise<TrainingRun[]> {
  const sql = `SELECT * FROM training_runs ${where} ${tail}`;
  return (await db.pool.query<RunDbRow[]>({ sql, autoJsonMap: false }, params)).map(fromRow);
}

/** One run by id, or undefined. */
export async function getRun(db: Db, runId: string): Promise<TrainingRun | undefined> {
  return (await selectRuns(db, 'WHERE run_id = ?', [runId]))[0];
}

export interface ListRunsOptions {
  readonly seriesId?: SeriesId;
  readonly searchId?: string;
  readonly kind?: ModelKind;
  /** Default 100. */
  readonly limit?: number;
}

/** Runs matching every given filter, most recently recorded first. */
export async function listRuns(db: Db, options: ListRunsOptions = {}): Promise<TrainingRun[]> {
  const limit = options.limit ?? 100;
  if (!(Number.isInteger(limit) && limit >= 1)) fail('limit', limit, 'be a positive integer');
  const filters = [
    ['series_id', options.seriesId],
    ['search_id', options.searchId],
    ['kind', options.kind],
  ] as const;
  const given = filters.filter(([, value]) => value !== undefined);
  const where = given.length ? `WHERE ${given.map(([column]) => `${column} = ?`).join(' AND ')}` : '';
  return selectRuns(db, where, [...given.map(([, value]) => value), limit], 'ORDER BY id DESC LIMIT ?');
}

/**
 * The succeeded trial of a search with the lowest `metric`, ties to the lower trial number.
 * Trials whose metric is NaN or infinite never win; undefined when no trial qualifies.
 */
export async function bestTrial(
  db: Db,
  searchId: string,
  metric: ErrorMetric = 'mase',
): Promise<TrainingRun | undefined> {
  if (!ERROR_METRICS.includes(metric)) fail('metric', metric, `be one of ${ERROR_METRICS.join(', ')}`);
  const path = `$.${metric}`;
  // Non-finite values are stored as strings ("NaN", "Infinity"), so the type test drops them.
  const where = `WHERE search_id = ? AND status = 'succeeded' AND JSON_TYPE(JSON_EXTRACT(metrics, ?)) IN ('INTEGER', 'DOUBLE')`;
  const tail = 'ORDER BY JSON_EXTRACT(metrics, ?) + 0, trial, id LIMIT 1';
  return (await selectRuns(db, where, [searchId, path, path], tail))[0];
}
