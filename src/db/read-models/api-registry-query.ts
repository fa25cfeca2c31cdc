import { asModelVersionId, type Granularity, type ModelVersionId, type SeriesId } from '../../shared';
import type { AliasAction, ModelAlias } from '../alias-history';
import { fromMetricsJson } from '../json-columns';
import type { Db } from '../pool';
import type { RunMetrics } from '../runs-repo';

/** A registered version of any key of a series, with the aliases that point at it now. */
export interface SeriesVersion {
  readonly id: ModelVersionId;
  readonly granularity: Granularity;
  readonly horizon: number;
  readonly kind: string;
  readonly version: number;
  readonly weightsBytes: number;
  readonly runId: string | null;
  readonly validationMetrics: RunMetrics | null;
  readonly createdAt: number;
  readonly aliases: ModelAlias[];
  /** Set for external models: the name they post predictions under. */
  readonly externalName: string | null;
}

/** One alias move of any key of a series. */
export interface SeriesAliasMove {
  readonly id: number;
  readonly granularity: Granularity;
  readonly horizon: number;
  readonly alias: ModelAlias;
  readonly fromVersionId: ModelVersionId | null;
  readonly toVersionId: ModelVersionId | null;
  readonly action: AliasAction;
  readonly reason: string;
  readonly at: number;
}

interface VersionRow {
  id: number;
  granularity: Granularity;
  horizon: number;
  kind: string;
  version: number;
  weights_bytes: number;
  training_run_id: string | null;
  validation_metrics: string | null;
  created_at: Date;
  aliases: string | null;
  external_name: string | null;
}

interface MoveRow {
  id: number;
  granularity: Granularity;
  horizon: number;
  alias: ModelAlias;
  from_version_id: number | null;
  to_version_id: number | null;
  action: AliasAction;
  reason: string;
  at: Date;
}

const versionOrNull = (id: number | null): ModelVersionId | null =>
  id === null ? null : asModelVersionId(id);

/** Every version of a series (all granularities and horizons), oldest first, never reading the blobs. */
export async function listSeriesVersions(db: Db, seriesId: SeriesId): Promise<SeriesVersion[]> {
  const sql = `SELECT v.id, v.granularity, v.horizon, v.kind, v.version, v.weights_bytes, v.training_run_id,
      v.validation_metrics, v.created_at, e.name AS external_name,
      (SELECT GROUP_CONCAT(a.alias ORDER BY a.alias) FROM model_aliases a WHERE a.model_version_id = v.id) AS aliases
    FROM model_versions v LEFT JOIN external_models e ON e.model_version_id = v.id
    WHERE v.series_id = ? ORDER BY v.id`;
  const rows = await db.pool.query<VersionRow[]>({ sql, autoJsonMap: false }, [seriesId]);
  return rows.map((r) => ({
    id: asModelVersionId(r.id),
    ...{ granularity: r.granularity, horizon: r.horizon, kind: r.kind, version: r.version },
    weightsBytes: r.weights_bytes,
    runId: r.training_run_id,
    validationMetrics: fromMetricsJson<RunMetrics>(r.validation_metrics),
    createdAt: r.created_at.getTime(),
    aliases: r.aliases ? (r.aliases.split(',') as ModelAlias[]) : [],
    externalName: r.external_name,
  }));
}

/** Every alias move of a series, oldest first. */
export async function listSeriesAliasHistory(db: Db, seriesId: SeriesId): Promise<SeriesAliasMove[]> {
  const rows = await db.pool.query<MoveRow[]>(
    `SELECT id, granularity, horizon, alias, from_version_id, to_version_id, action, reason, at
     FROM model_alias_history WHERE series_id = ? ORDER BY id`,
    [seriesId],
  );
  return rows.map((r) => ({
    id: r.id,
    ...{ granularity: r.granularity, horizon: r.horizon, alias: r.alias },
    fromVersionId: versionOrNull(r.from_version_id),
    toVersionId: versionOrNull(r.to_version_id),
    ...{ action: r.action, reason: r.reason, at: r.at.getTime() },
  }));
}

/** The champion versions of a series, one per (granularity, horizon) key that has one. */
export async function listSeriesChampions(
  db: Db,
  seriesId: SeriesId,
): Promise<Array<{ granularity: Granularity; horizon: number; modelVersionId: ModelVersionId }>> {
  const rows = await db.pool.query<
    Array<{ granularity: Granularity; horizon: number; model_version_id: number }>
  >(
    `SELECT granularity, horizon, model_version_id FROM model_aliases
     WHERE series_id = ? AND alias = 'champion' ORDER BY granularity, horizon`,
    [seriesId],
  );
  return rows.map((r) => ({
    granularity: r.granularity,
    horizon: r.horizon,
    modelVersionId: asModelVersionId(r.model_version_id),
  }));
}
