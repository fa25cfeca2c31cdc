/**
 * Which model answers a `/forecast` or `/evaluate` request: a series' champion from the registry, a
 * registered version by id, or a statistical baseline fitted on the posted data. Neural kinds are
 * not fitted on request: training one takes minutes of CPU the API process must keep for its
 * readers; they train through the registry (`POST /series/:id/retrain`) and are then served by id.
 */
import { getVersion, listSeriesChampions, loadArtifact, type Db, type SeriesRow } from '../db';
import { BASELINE_KINDS, loadForecaster, type Forecaster } from '../forecast';
import { asModelVersionId, DEFAULT_HORIZON, type Granularity, type ModelVersionId } from '../shared';
import { ApiError, badRequest, ErrorCode, notFound } from './errors';

/** Horizon used when the request names none: six hours on hourly data, an hour on 5-minute data. */
export { DEFAULT_HORIZON };
/** A day, the seasonality of infrastructure load. */
export const SEASON_PERIOD: Readonly<Record<Granularity, number>> = { '1h': 24, '5m': 288 };
/** Kinds the API fits on posted data. */
export const FITTABLE_KINDS: readonly string[] = BASELINE_KINDS;

/** A registered model, loaded; the caller disposes `forecaster`. */
export interface LoadedVersion {
  readonly modelVersionId: ModelVersionId;
  readonly kind: string;
  readonly granularity: Granularity;
  readonly horizon: number;
  readonly seasonPeriod: number;
  readonly forecaster: Forecaster;
}

/** Checks `kind` can be fitted on request; `field` names it in the error. */
export function fittableKind(kind: string, field: string): string {
  if (!FITTABLE_KINDS.includes(kind))
    throw badRequest(
      field,
      kind,
      `be one of ${FITTABLE_KINDS.join(', ')} (neural models train through POST /api/v1/series/{id}/retrain and are evaluated by version)`,
    );
  return kind;
}

/** Loads registered version `id`; 404 when unknown, 400 for external models, which have no artifact to run. */
export async function loadVersion(db: Db, id: number, field: string): Promise<LoadedVersion> {
  const version = await getVersion(db, asModelVersionId(id));
  if (!version) throw notFound(field, id, 'registered model version');
  if ((version.kind as string) === 'external')
    throw badRequest(
      field,
      id,
      'name a model metricast trained (external models post predictions, not artifacts)',
    );
  const artifact = await loadArtifact(db, version.id);
  return {
    modelVersionId: version.id,
    kind: version.kind,
    granularity: version.granularity,
    horizon: version.horizon,
    seasonPeriod: artifact.metadata.seasonPeriod,
    forecaster: await loadForecaster(artifact),
  };
}

/**
 * The champion of `series` for `horizon` (any champion of the series when absent). 409 when the
 * series has no champion yet; 400 when none forecasts the asked horizon, listing those that do.
 */
export async function loadChampion(
  db: Db,
  series: SeriesRow,
  horizon: number | undefined,
): Promise<LoadedVersion> {
  const champions = (await listSeriesChampions(db, series.id)).filter(
    (c) => c.granularity === series.granularity,
  );
  if (champions.length === 0)
    throw new ApiError(
      409,
      ErrorCode.conflict,
      'query.series',
      series.id,
      `series ${series.id} has no champion yet: train one (POST /api/v1/series/${series.id}/retrain) or post without query.series`,
    );
  const chosen = horizon === undefined ? champions[0] : champions.find((c) => c.horizon === horizon);
  if (!chosen)
    throw badRequest(
      'query.horizon',
      horizon,
      `be a horizon a champion of series ${series.id} forecasts (${champions.map((c) => c.horizon).join(', ')})`,
    );
  return loadVersion(db, chosen.modelVersionId, 'query.series');
}
