/**
 * The forecast shard's reads, batched: the champions of many series, the artifacts of many
 * versions, the recent history of many series and the adapted interval widths of many versions, one
 * statement each, instead of four round trips per series (at 10,000 series those round trips were most of a shard's time; see docs/scale.md).
 */
import type { ModelArtifact, ModelMetadata } from '../forecast/types';
import {
  asModelVersionId,
  asSeriesId,
  type Granularity,
  type ModelVersionId,
  type SeriesId,
} from '../shared';
import { parseWidths, type IntervalWidths } from './interval-state-repo';
import type { StoredObservation } from './observations-repo';
import type { Db } from './pool';
import { artifactSha256, selectVersions, type ModelVersion } from './registry-repo';

/** The champion version of each of `seriesIds` that has one, for a granularity and horizon. */
export async function readChampions(
  db: Db,
  seriesIds: readonly SeriesId[],
  granularity: Granularity,
  horizon: number,
): Promise<Map<SeriesId, ModelVersion>> {
  if (seriesIds.length === 0) return new Map();
  const where = `WHERE id IN (SELECT model_version_id FROM model_aliases
    WHERE series_id IN (?) AND granularity = ? AND horizon = ? AND alias = 'champion')`;
  const versions = await selectVersions(db.pool, where, [seriesIds, granularity, horizon]);
  return new Map(versions.map((v) => [v.seriesId, v]));
}

interface ArtifactRow {
  id: number;
  metadata: string;
  state: string;
  weights: Buffer | null;
  artifact_sha256: string;
}

/**
 * The artifacts of `versionIds` whose bytes match their registered sha256. A missing or corrupt one
 * is left out: the caller's single read (`loadArtifact`) then refuses it with its own message.
 */
export async function loadArtifacts(
  db: Db,
  versionIds: readonly ModelVersionId[],
): Promise<Map<ModelVersionId, ModelArtifact>> {
  const artifacts = new Map<ModelVersionId, ModelArtifact>();
  if (versionIds.length === 0) return artifacts;
  const sql = 'SELECT id, metadata, state, weights, artifact_sha256 FROM model_versions WHERE id IN (?)';
  const rows = await db.pool.query<ArtifactRow[]>({ sql, autoJsonMap: false }, [versionIds]);
  for (const row of rows) {
    if (artifactSha256(row.metadata, row.state, row.weights) !== row.artifact_sha256) continue;
    const artifact = {
      metadata: JSON.parse(row.metadata) as ModelMetadata,
      state: JSON.parse(row.state) as unknown,
    };
    // As `loadArtifact`: exactly the blob's bytes, not a view of the driver's pooled buffer.
    const weights = row.weights === null ? undefined : new Uint8Array(row.weights);
    artifacts.set(asModelVersionId(row.id), weights ? { ...artifact, weights } : artifact);
  }
  return artifacts;
}

/** Observations of each of `seriesIds` in `[from, to)`, oldest first; series without any are absent. */
export async function readRecentObservations(
  db: Db,
  seriesIds: readonly SeriesId[],
  range: { readonly from: number; readonly to: number },
): Promise<Map<SeriesId, StoredObservation[]>> {
  const bySeries = new Map<SeriesId, StoredObservation[]>();
  if (seriesIds.length === 0) return bySeries;
  // Arrays of columns, not objects: a 500-series batch is ~170,000 rows of 14 days.
  const rows = await db.pool.query<Array<[number, Date, number, number | null, number | null, number]>>(
    {
      sql: `SELECT series_id, ts, value, value_max, sample_count, revision FROM observations
        WHERE series_id IN (?) AND ts >= ? AND ts < ? ORDER BY series_id, ts`,
      rowsAsArray: true,
    },
    [seriesIds, new Date(range.from), new Date(range.to)],
  );
  let current: StoredObservation[] = [];
  let currentId = NaN;
  for (const [id, ts, value, max, count, revision] of rows) {
    if (id !== currentId) {
      currentId = id;
      current = [];
      bySeries.set(asSeriesId(id), current);
    }
    current.push({ t: ts.getTime(), value, max, count, revision });
  }
  return bySeries;
}

/** The current half-widths of each of `versionIds` that has an interval state (`readIntervalWidths`, batched). */
export async function readIntervalWidthsOf(
  db: Db,
  versionIds: readonly ModelVersionId[],
): Promise<Map<ModelVersionId, IntervalWidths>> {
  const widths = new Map<ModelVersionId, IntervalWidths>();
  if (versionIds.length === 0) return widths;
  const rows = await db.pool.query<Array<{ model_version_id: number; q80: string; q95: string }>>(
    'SELECT model_version_id, q80, q95 FROM interval_state WHERE model_version_id IN (?)',
    [versionIds],
  );
  for (const row of rows)
    widths.set(asModelVersionId(Number(row.model_version_id)), {
      q80: parseWidths(row.q80),
      q95: parseWidths(row.q95),
    });
  return widths;
}
