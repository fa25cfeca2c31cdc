import {
  asModelVersionId,
  type ForecastBands,
  type Granularity,
  type ModelVersionId,
  type SeriesId,
} from '../../shared';
import type { ReconcileStatus } from '../forecasts-repo';
import type { Db } from '../pool';

/** Roles a prediction can be read under: the forecasts table's `role` column. */
export type PredictionRole = 'champion' | 'challenger' | 'external';

/** One horizon step of an issued forecast with its actual once reconciled. Times are epoch ms. */
export interface PredictionStep extends ForecastBands {
  readonly horizonStep: number;
  readonly targetAt: number;
  readonly status: ReconcileStatus;
  readonly actual: number | null;
}

/** One issued forecast: who issued it, when, and its steps in step order. */
export interface PredictionIssue {
  readonly issuedAt: number;
  readonly modelVersionId: ModelVersionId;
  readonly modelKind: string;
  readonly steps: PredictionStep[];
}

export interface PredictionFilter {
  readonly seriesId: SeriesId;
  readonly role: PredictionRole;
  /** How many of the newest issue times to return. */
  readonly issues: number;
  readonly modelVersionId?: ModelVersionId;
}

/** The series a prediction answer is about, as the API names it. */
export interface PredictedSeries {
  readonly name: string;
  readonly granularity: Granularity;
  readonly unit: string;
}

interface Row {
  name: string;
  granularity: Granularity;
  unit: string;
  issued_at: Date | null;
  model_version_id: number;
  model_kind: string;
  horizon_step: number;
  target_at: Date;
  point: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  reconcile_status: ReconcileStatus;
  actual: number | null;
}

/**
 * A series and its newest `issues` forecasts under one role, newest first, in one round trip (this is
 * the API's hot read). The newest issue times come from `ix_forecasts_series_issued` (series, role,
 * issued_at) read backwards; their rows by the same index, forced, because the optimizer otherwise
 * walks every forecast of the series by primary key, a cost that grows with the history kept.
 * Undefined when the series does not exist. Should two champion versions have issued at the same
 * time (a promotion between a cycle and its retry), the higher version wins, as in `latestForecast`;
 * other roles keep every version.
 */
export async function seriesPredictions(
  db: Db,
  filter: PredictionFilter,
): Promise<{ series: PredictedSeries; issues: PredictionIssue[] } | undefined> {
  const version = filter.modelVersionId === undefined ? '' : ' AND model_version_id = ?';
  const versionParams = filter.modelVersionId === undefined ? [] : [filter.modelVersionId];
  const rows = await db.pool.query<Row[]>(
    `SELECT s.name, s.granularity, s.unit, x.* FROM series s LEFT JOIN (
       SELECT f.issued_at, f.model_version_id, f.model_kind, f.horizon_step, f.target_at, f.point, f.lower80,
         f.upper80, f.lower95, f.upper95, f.reconcile_status, f.actual
       FROM (SELECT DISTINCT issued_at FROM forecasts WHERE series_id = ? AND role = ?${version}
             ORDER BY issued_at DESC LIMIT ?) l
       JOIN forecasts f FORCE INDEX (ix_forecasts_series_issued)
         ON f.series_id = ? AND f.role = ? AND f.issued_at = l.issued_at${version.replace('model', 'f.model')}
     ) x ON TRUE
     WHERE s.id = ? ORDER BY x.issued_at DESC, x.model_version_id DESC, x.target_at`,
    [
      filter.seriesId,
      filter.role,
      ...versionParams,
      filter.issues,
      filter.seriesId,
      filter.role,
      ...versionParams,
      filter.seriesId,
    ],
  );
  const [first] = rows;
  if (!first) return undefined;
  return {
    series: { name: first.name, granularity: first.granularity, unit: first.unit },
    issues: toIssues(rows, filter.role),
  };
}

function toIssues(rows: readonly Row[], role: PredictionRole): PredictionIssue[] {
  const issues: PredictionIssue[] = [];
  let current: PredictionIssue | undefined;
  for (const r of rows) {
    if (r.issued_at === null) continue; // the series' own row when it has no forecasts
    const issuedAt = r.issued_at.getTime();
    if (current?.issuedAt !== issuedAt || current.modelVersionId !== r.model_version_id) {
      // A lower champion version at an issue time already taken lost to the higher one.
      if (role === 'champion' && current?.issuedAt === issuedAt) continue;
      current = {
        issuedAt,
        modelVersionId: asModelVersionId(r.model_version_id),
        modelKind: r.model_kind,
        steps: [],
      };
      issues.push(current);
    }
    current.steps.push({
      horizonStep: r.horizon_step,
      targetAt: r.target_at.getTime(),
      ...{ point: r.point, lower80: r.lower80, upper80: r.upper80, lower95: r.lower95, upper95: r.upper95 },
      status: r.reconcile_status,
      actual: r.actual,
    });
  }
  return issues;
}
