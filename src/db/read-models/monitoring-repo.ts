import {
  asModelVersionId,
  asSeriesId,
  type Granularity,
  type ModelVersionId,
  type SeriesId,
} from '../../shared';
import { ACCURACY_WINDOW_MS, type AccuracyWindow } from '../accuracy-repo';
import { fromMetricsJson } from '../json-columns';
import { latestObservationSql, observationsFloor } from '../newest-rows';
import type { Db } from '../pool';
import type { RunMetrics } from '../runs-repo';

/** The rolling accuracy of a series' current champion over one window, across its horizon steps. */
export interface ChampionAccuracy {
  readonly seriesId: SeriesId;
  readonly granularity: Granularity;
  readonly horizon: number;
  readonly championVersionId: ModelVersionId;
  /** Newest `as_of` of the aggregates read. */
  readonly asOf: number;
  /** Reconciled records in the window, all steps. */
  readonly n: number;
  readonly mae: number;
  readonly rmse: number;
  /** The champion's validation metrics from the registry, else its training run's metrics; null when neither. */
  readonly validation: RunMetrics | null;
}

export interface ChampionAccuracyInput {
  /** Nominal time of the check; aggregates refreshed later than this are not read. */
  readonly asOf: number;
  readonly window: AccuracyWindow;
  readonly seriesIds?: readonly SeriesId[];
}

interface Row {
  series_id: number;
  granularity: Granularity;
  horizon: number;
  model_version_id: number;
  as_of: Date;
  n: number;
  mae: number;
  rmse: number;
  validation_metrics: string | null;
  run_metrics: string | null;
}

/**
 * Accuracy of each champion from `accuracy_aggregates`, pooled over horizon steps weighted by record
 * count (MAE averages; RMSE pools squared errors). Only aggregates refreshed within one window before
 * `asOf` count: older ones describe a window that has passed. Challengers' shadow scores are left out.
 */
export async function championAccuracy(db: Db, input: ChampionAccuracyInput): Promise<ChampionAccuracy[]> {
  if (input.seriesIds?.length === 0) return [];
  const scope = input.seriesIds ? ' AND series_id IN (?)' : '';
  const asOf = new Date(input.asOf);
  const since = new Date(input.asOf - ACCURACY_WINDOW_MS[input.window]);
  const rows = await db.pool.query<Row[]>(
    {
      sql: `SELECT x.*, s.granularity, m.horizon, v.validation_metrics, r.metrics AS run_metrics FROM (
          SELECT series_id, model_version_id, SUM(n) AS n, SUM(n * mae) / SUM(n) AS mae,
            SQRT(SUM(n * rmse * rmse) / SUM(n)) AS rmse, MAX(as_of) AS as_of
          FROM accuracy_aggregates WHERE window_name = ? AND as_of > ? AND as_of <= ?${scope}
          GROUP BY series_id, model_version_id) x
        JOIN series s ON s.id = x.series_id
        JOIN model_aliases m ON m.series_id = x.series_id AND m.granularity = s.granularity
          AND m.alias = 'champion' AND m.model_version_id = x.model_version_id
        JOIN model_versions v ON v.id = x.model_version_id
        LEFT JOIN training_runs r ON r.run_id = v.training_run_id
        ORDER BY x.series_id, m.horizon`,
      autoJsonMap: false,
    },
    [input.window, since, asOf, ...(input.seriesIds ? [input.seriesIds] : [])],
  );
  return rows.map((r) => ({
    seriesId: asSeriesId(r.series_id),
    granularity: r.granularity,
    horizon: r.horizon,
    championVersionId: asModelVersionId(r.model_version_id),
    asOf: r.as_of.getTime(),
    n: Number(r.n),
    mae: r.mae,
    rmse: r.rmse,
    validation:
      fromMetricsJson<RunMetrics>(r.validation_metrics) ?? fromMetricsJson<RunMetrics>(r.run_metrics),
  }));
}

/**
 * The newest observation time of each series that has one (epoch ms). Looked for first from the
 * partition holding the table's newest row less `NEWEST_LOOKBACK_MS`, so a series that is being fed
 * costs a lookup in one or two partitions however many there are; only a quiet series reads all.
 */
export async function newestObservations(
  db: Db,
  seriesIds: readonly SeriesId[],
): Promise<Map<SeriesId, number>> {
  if (seriesIds.length === 0) return new Map();
  // One read per partition via ix_observations_ts, not per series.
  const [top] = await db.pool.query<Array<{ newest: Date | null }>>(
    'SELECT MAX(ts) AS newest FROM observations',
  );
  if (!top?.newest) return new Map();
  const rows = await db.pool.query<Array<{ series_id: number; newest: Date | null }>>(
    {
      sql: `SELECT se.id AS series_id, ${latestObservationSql('se.id')} AS newest FROM series se WHERE se.id IN (:ids)`,
      namedPlaceholders: true,
    },
    { ids: seriesIds, obsFloor: await observationsFloor(db, top.newest.getTime()) },
  );
  return new Map(
    rows.flatMap((r) => (r.newest ? [[asSeriesId(r.series_id), r.newest.getTime()] as const] : [])),
  );
}
