import { createHash } from 'node:crypto';
import { ModelKind, type ModelArtifact, type ModelMetadata } from '../forecast/types';
import {
  asModelVersionId,
  asSeriesId,
  modelHorizon,
  STEP_MS,
  type Granularity,
  type ModelVersionId,
} from '../shared';
import { fromMetricsJson, toMetricsJson } from './json-columns';
import { inTransaction, type Db } from './pool';
import {
  fail,
  KEY_WHERE,
  keyParams,
  lockSeries,
  refuse,
  type ModelKey,
  type Queryable,
} from './registry-common';
import { showValue } from './repo-errors';
import type { RunMetrics } from './runs-repo';

/** A registered version without its state and weights (see `loadArtifact`). */
export interface ModelVersion extends ModelKey {
  readonly id: ModelVersionId;
  /** 1, 2, 3… per key. */
  readonly version: number;
  readonly kind: ModelKind;
  readonly metadata: ModelMetadata;
  readonly weightsBytes: number;
  readonly sha256: string;
  readonly runId: string | null;
  readonly validationMetrics: RunMetrics | null;
  readonly createdAt: number;
}

export interface RegisterVersionInput extends ModelKey {
  readonly artifact: ModelArtifact;
  /** The training run that made the artifact; registering the same run again returns its version. */
  readonly runId?: string;
  readonly validationMetrics?: RunMetrics;
}

/**
 * Rejects values JSON would silently change (NaN and ±Infinity become null, typed arrays become
 * objects), so that what `loadArtifact` returns is what was registered.
 */
function assertJsonSafe(value: unknown, path: string): void {
  if (typeof value === 'number' && !Number.isFinite(value)) fail(path, value, 'be a finite number');
  if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol')
    fail(path, typeof value, 'be JSON data');
  if (typeof value !== 'object' || value === null) return;
  if (ArrayBuffer.isView(value) || value instanceof Date || value instanceof Map || value instanceof Set)
    fail(path, value.constructor.name, 'be JSON data (plain objects, arrays, strings, finite numbers)');
  for (const [k, v] of Object.entries(value))
    assertJsonSafe(v, Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`);
}

/**
 * sha256 of metadata JSON, state JSON and weights; JSON text holds no raw newline, so the joins are unambiguous.
 * @internal shared with the shard's batched reads.
 */
export function artifactSha256(metadata: string, state: string, weights: Uint8Array | null): string {
  const hash = createHash('sha256').update(metadata).update('\n').update(state).update('\n');
  return (weights ? hash.update(weights) : hash).digest('hex');
}

/** Validates the input and returns the columns of its `model_versions` row after `version`. */
function toRow(input: RegisterVersionInput): unknown[] {
  const { artifact, runId, granularity } = input;
  const { metadata, state, weights } = artifact;
  if (typeof metadata !== 'object' || metadata === null)
    fail('artifact.metadata', metadata, 'be ModelMetadata');
  if (runId !== undefined && !(runId.length > 0 && runId.length <= 255))
    fail('runId', runId, 'have 1 to 255 characters');
  if (!Object.values(ModelKind).includes(metadata.kind))
    fail('artifact.metadata.kind', metadata.kind, 'be a ModelKind');
  // The key's horizon counts issued steps; the model forecasts the step under way at issue time too.
  if (metadata.horizon !== modelHorizon(input.horizon))
    fail(
      'artifact.metadata.horizon',
      metadata.horizon,
      `be ${modelHorizon(input.horizon)} (horizon ${input.horizon} issued after the step under way)`,
    );
  if (metadata.stepMs !== STEP_MS[granularity])
    fail('artifact.metadata.stepMs', metadata.stepMs, `be ${STEP_MS[granularity]} (${granularity})`);
  if (state === undefined) fail('artifact.state', state, 'be JSON data');
  if (weights?.byteLength === 0) fail('artifact.weights.byteLength', 0, 'be > 0 when weights are set');
  assertJsonSafe(metadata, 'artifact.metadata');
  assertJsonSafe(state, 'artifact.state');
  const [metadataJson, stateJson] = [JSON.stringify(metadata), JSON.stringify(state)];
  // A view over the caller's bytes, not a copy: the driver only reads it.
  const blob = weights ? Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength) : null;
  const metrics = input.validationMetrics ? toMetricsJson(input.validationMetrics) : null;
  const sha256 = artifactSha256(metadataJson, stateJson, blob);
  return [metadataJson, stateJson, blob, blob?.byteLength ?? 0, sha256, runId ?? null, metrics];
}

/**
 * Stores an artifact as the next version of its key. Registering the same `runId` again returns
 * the version that run already made, so a retried activity never creates a second one.
 */
export async function registerVersion(
  db: Db,
  input: RegisterVersionInput,
): Promise<{ id: ModelVersionId; version: number }> {
  const row = toRow(input);
  return inTransaction(db, async (conn) => {
    await lockSeries(conn, input.seriesId);
    if (input.runId !== undefined) {
      const [made] = await selectVersions(conn, 'WHERE training_run_id = ?', [input.runId]);
      if (made) return { id: assertVersionKey(made, input, 'runId', input.runId), version: made.version };
    }
    const [top] = await conn.query<Array<{ next: number }>>(
      `SELECT COALESCE(MAX(version), 0) + 1 AS next FROM model_versions WHERE ${KEY_WHERE}`,
      keyParams(input),
    );
    const version = top?.next ?? 1;
    const result = await conn.query<{ insertId: number }>(
      `INSERT INTO model_versions (series_id, granularity, horizon, kind, version, metadata, state, weights,
         weights_bytes, artifact_sha256, training_run_id, validation_metrics) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
      [...keyParams(input), input.artifact.metadata.kind, version, ...row],
    );
    return { id: asModelVersionId(result.insertId), version };
  });
}

/** The stored artifact of a version, checked against its sha256; weights come back byte-identical. */
export async function loadArtifact(db: Db, versionId: ModelVersionId): Promise<ModelArtifact> {
  const sql = 'SELECT metadata, state, weights, artifact_sha256 FROM model_versions WHERE id = ?';
  const [row] = await db.pool.query<StoredArtifactRow[]>({ sql, autoJsonMap: false }, [versionId]);
  if (!row) fail('versionId', versionId, 'name a registered model version');
  return checkedArtifact(row, 'versionId', versionId);
}

/** The artifact columns of a registry row. @internal shared with the global model's registry. */
export interface StoredArtifactRow {
  metadata: string;
  state: string;
  weights: Buffer | null;
  artifact_sha256: string;
}

/**
 * The artifact of a stored row, refused (naming `field` and `id`) when its sha256 does not match.
 * @internal shared with the global model's registry.
 */
export function checkedArtifact(row: StoredArtifactRow, field: string, id: number): ModelArtifact {
  const sha256 = artifactSha256(row.metadata, row.state, row.weights);
  if (sha256 !== row.artifact_sha256)
    refuse(field, id, `${field} ${id} is corrupt: sha256 ${sha256}, registered ${row.artifact_sha256}`);
  const artifact = {
    metadata: JSON.parse(row.metadata) as ModelMetadata,
    state: JSON.parse(row.state) as unknown,
  };
  // The driver's Buffer may view a larger pooled ArrayBuffer; callers get exactly their bytes in a plain Uint8Array.
  return row.weights === null ? artifact : { ...artifact, weights: new Uint8Array(row.weights) };
}

interface VersionDbRow {
  id: number;
  series_id: number;
  granularity: Granularity;
  horizon: number;
  kind: ModelKind;
  version: number;
  metadata: string;
  weights_bytes: number;
  artifact_sha256: string;
  training_run_id: string | null;
  validation_metrics: string | null;
  created_at: Date;
}

function fromRow(r: VersionDbRow): ModelVersion {
  return {
    id: asModelVersionId(r.id),
    seriesId: asSeriesId(r.series_id),
    granularity: r.granularity,
    horizon: r.horizon,
    kind: r.kind,
    version: r.version,
    metadata: JSON.parse(r.metadata) as ModelMetadata,
    weightsBytes: r.weights_bytes,
    sha256: r.artifact_sha256,
    runId: r.training_run_id,
    validationMetrics: fromMetricsJson<RunMetrics>(r.validation_metrics),
    createdAt: r.created_at.getTime(),
  };
}

/**
 * Version rows without state and weights; JSON comes back as text (`autoJsonMap: false`) and is parsed here.
 * @internal shared with the aliases repository.
 */
export async function selectVersions(
  conn: Queryable,
  where: string,
  params: unknown[],
): Promise<ModelVersion[]> {
  const sql = `SELECT id, series_id, granularity, horizon, kind, version, metadata, weights_bytes, artifact_sha256,
    training_run_id, validation_metrics, created_at FROM model_versions ${where}`;
  return (await conn.query<VersionDbRow[]>({ sql, autoJsonMap: false }, params)).map(fromRow);
}

/** One version by id, or undefined. */
export async function getVersion(db: Db, versionId: ModelVersionId): Promise<ModelVersion | undefined> {
  return (await selectVersions(db.pool, 'WHERE id = ?', [versionId]))[0];
}

/** Every version of a key, oldest first. */
export async function listVersions(db: Db, key: ModelKey): Promise<ModelVersion[]> {
  return selectVersions(db.pool, `WHERE ${KEY_WHERE} ORDER BY version`, keyParams(key));
}

/**
 * Returns `v.id` if `v` was registered for `key`; otherwise throws naming `field` and `value`.
 * @internal shared with the aliases repository.
 */
export function assertVersionKey(
  v: ModelVersion,
  key: ModelKey,
  field: string,
  value: unknown,
): ModelVersionId {
  const refused = (what: string): never =>
    refuse(field, value, `${field} ${showValue(value)} belongs to ${what}`);
  if (v.seriesId !== key.seriesId) refused(`series ${v.seriesId}, not ${key.seriesId}`);
  if (v.granularity !== key.granularity) refused(`granularity ${v.granularity}, not ${key.granularity}`);
  if (v.horizon !== key.horizon) refused(`horizon ${v.horizon}, not ${key.horizon}`);
  return v.id;
}
