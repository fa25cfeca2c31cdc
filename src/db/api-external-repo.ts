import { createHash } from 'node:crypto';
import { asModelVersionId, type Granularity, type ModelVersionId, type SeriesId } from '../shared';
import { ForecastRole, upsertForecasts, type ForecastRow } from './forecasts-repo';
import { inTransaction, type Db } from './pool';

/** The model kind and forecast role of predictions posted by models metricast did not train. */
export const EXTERNAL = 'external';
/**
 * External models have no fixed horizon; registering them under horizon 0 keeps their version
 * numbers apart from the keys metricast's own models are numbered and aliased under.
 */
const EXTERNAL_HORIZON = 0;

/** One step of an external prediction, validated by the caller (bands ordered, target on the grid). */
export type ExternalForecastRow = Omit<ForecastRow, 'modelVersionId' | 'modelKind' | 'role'>;

/**
 * The model version standing for external model `name` on a series, registered on first use (a
 * `model_versions` row of kind `external` with no weights, and its `external_models` entry). Locks the
 * series row, as every registry write does, so concurrent first posts register one version.
 * Undefined when the series does not exist.
 */
export async function ensureExternalVersion(
  db: Db,
  seriesId: SeriesId,
  name: string,
): Promise<ModelVersionId | undefined> {
  return inTransaction(db, async (conn) => {
    const [series] = await conn.query<Array<{ granularity: Granularity }>>(
      'SELECT granularity FROM series WHERE id = ? FOR UPDATE',
      [seriesId],
    );
    if (!series) return undefined;
    const [known] = await conn.query<Array<{ model_version_id: number }>>(
      'SELECT model_version_id FROM external_models WHERE series_id = ? AND name = ?',
      [seriesId, name],
    );
    if (known) return asModelVersionId(known.model_version_id);
    const metadata = JSON.stringify({ formatVersion: 1, kind: EXTERNAL, name });
    const state = '{}';
    // The registry's artifact hash (metadata, state, no weights), so `loadArtifact` finds it intact.
    const sha256 = createHash('sha256')
      .update(metadata)
      .update('\n')
      .update(state)
      .update('\n')
      .digest('hex');
    const [top] = await conn.query<Array<{ next: number }>>(
      `SELECT COALESCE(MAX(version), 0) + 1 AS next FROM model_versions
       WHERE series_id = ? AND granularity = ? AND horizon = ?`,
      [seriesId, series.granularity, EXTERNAL_HORIZON],
    );
    const inserted = await conn.query<{ insertId: number }>(
      `INSERT INTO model_versions (series_id, granularity, horizon, kind, version, metadata, state, artifact_sha256)
       VALUES (?,?,?,?,?,?,?,?)`,
      [seriesId, series.granularity, EXTERNAL_HORIZON, EXTERNAL, top?.next ?? 1, metadata, state, sha256],
    );
    await conn.query('INSERT INTO external_models (series_id, name, model_version_id) VALUES (?,?,?)', [
      seriesId,
      name,
      inserted.insertId,
    ]);
    return asModelVersionId(inserted.insertId);
  });
}

/**
 * Stores an external model's predictions as forecast records of its version with role `external`,
 * through the same upsert as metricast's own (a repeat changes nothing; changed numbers send the
 * record back to pending), so reconciliation and accuracy treat them alike.
 */
export async function storeExternalForecasts(
  db: Db,
  modelVersionId: ModelVersionId,
  rows: readonly ExternalForecastRow[],
): Promise<number> {
  return upsertForecasts(
    db,
    rows.map((r) => ({ ...r, modelVersionId, modelKind: EXTERNAL, role: ForecastRole.external })),
  );
}
