/**
 * The global model's registry and runs (015): one network per granularity and horizon, belonging to
 * no series, numbered 1, 2, 3… with the version each update was warm-started from. Versions are
 * immutable; registering the same run again returns the version it made.
 */
import { ModelKind, type ModelArtifact, type ModelMetadata } from '../forecast/types';
import { modelHorizon, STEP_MS, type Brand, type Granularity } from '../shared';
import { inTransaction, type Db } from './pool';
import { fail } from './registry-common';
import { artifactSha256, checkedArtifact, type StoredArtifactRow } from './registry-repo';

/** Row id of a global model version (not a `ModelVersionId`: another table). */
export type GlobalVersionId = Brand<number, 'GlobalVersionId'>;
export const asGlobalVersionId = (id: number): GlobalVersionId => id as GlobalVersionId;

/** A full refit trains from fresh weights; an update continues from its parent's. */
export type GlobalRefit = 'full' | 'update';

/** Which global model: one per granularity and issued horizon. */
export interface GlobalModelKey {
  readonly granularity: Granularity;
  readonly horizon: number;
}

/** A registered global version without its state and weights. */
export interface GlobalModelVersion extends GlobalModelKey {
  readonly id: GlobalVersionId;
  readonly version: number;
  readonly refit: GlobalRefit;
  readonly parentVersionId: GlobalVersionId | null;
  /** Data end (epoch ms) of the newest full refit in this version's lineage. */
  readonly fullRefitAt: number;
  readonly dataTo: number;
  readonly runId: string;
  readonly metadata: ModelMetadata;
  readonly createdAt: number;
}

export interface RegisterGlobalVersionInput extends GlobalModelKey {
  readonly artifact: ModelArtifact;
  readonly runId: string;
  readonly refit: GlobalRefit;
  /** Required for an update, absent for a full refit. */
  readonly parentVersionId?: GlobalVersionId;
  readonly dataTo: number;
}

function checkArtifact(input: RegisterGlobalVersionInput): {
  metadata: string;
  state: string;
  weights: Buffer;
} {
  const { metadata, state, weights } = input.artifact;
  if (metadata.kind !== ModelKind.global) fail('artifact.metadata.kind', metadata.kind, "be 'global'");
  if (metadata.horizon !== modelHorizon(input.horizon))
    fail('artifact.metadata.horizon', metadata.horizon, `be ${modelHorizon(input.horizon)}`);
  if (metadata.stepMs !== STEP_MS[input.granularity])
    fail('artifact.metadata.stepMs', metadata.stepMs, `be ${STEP_MS[input.granularity]}`);
  if (weights === undefined || weights.byteLength === 0)
    fail('artifact.weights', weights, 'hold the weights');
  if (!(input.runId.length > 0 && input.runId.length <= 255))
    fail('runId', input.runId, 'have 1 to 255 characters');
  if ((input.refit === 'update') !== (input.parentVersionId !== undefined))
    fail(
      'parentVersionId',
      input.parentVersionId,
      `be set exactly when refit is 'update' (refit ${input.refit})`,
    );
  const blob = Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength);
  return { metadata: JSON.stringify(metadata), state: JSON.stringify(state), weights: blob };
}

/** Stores the next version of its key; the same `runId` again returns the version it made. */
export async function registerGlobalVersion(
  db: Db,
  input: RegisterGlobalVersionInput,
): Promise<{ id: GlobalVersionId; version: number }> {
  const row = checkArtifact(input);
  return inTransaction(db, async (conn) => {
    const [made] = await selectGlobal(conn, 'WHERE training_run_id = ?', [input.runId]);
    if (made) return { id: made.id, version: made.version };
    const [top] = await conn.query<Array<{ next: number }>>(
      'SELECT COALESCE(MAX(version), 0) + 1 AS next FROM global_model_versions WHERE granularity = ? AND horizon = ? FOR UPDATE',
      [input.granularity, input.horizon],
    );
    let fullRefitAt = input.dataTo;
    if (input.parentVersionId !== undefined) {
      const [parent] = await selectGlobal(conn, 'WHERE id = ?', [input.parentVersionId]);
      if (
        parent === undefined ||
        parent.granularity !== input.granularity ||
        parent.horizon !== input.horizon
      )
        fail(
          'parentVersionId',
          input.parentVersionId,
          `name a global version of ${input.granularity} × ${input.horizon}`,
        );
      fullRefitAt = parent.fullRefitAt;
    }
    const version = top?.next ?? 1;
    const sha256 = artifactSha256(row.metadata, row.state, row.weights);
    const result = await conn.query<{ insertId: number }>(
      `INSERT INTO global_model_versions (granularity, horizon, version, refit, parent_version_id, full_refit_at,
         data_to, metadata, state, weights, weights_bytes, artifact_sha256, training_run_id)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      [
        ...[input.granularity, input.horizon, version, input.refit, input.parentVersionId ?? null],
        ...[new Date(fullRefitAt), new Date(input.dataTo), row.metadata, row.state, row.weights],
        ...[row.weights.byteLength, sha256, input.runId],
      ],
    );
    return { id: asGlobalVersionId(Number(result.insertId)), version };
  });
}

/** The newest version of a key, or undefined before the first. */
export async function latestGlobalVersion(
  db: Db,
  key: GlobalModelKey,
): Promise<GlobalModelVersion | undefined> {
  const where = 'WHERE granularity = ? AND horizon = ? ORDER BY version DESC LIMIT 1';
  return (await selectGlobal(db.pool, where, [key.granularity, key.horizon]))[0];
}

/** One version by id, or undefined. */
export async function getGlobalVersion(db: Db, id: GlobalVersionId): Promise<GlobalModelVersion | undefined> {
  return (await selectGlobal(db.pool, 'WHERE id = ?', [id]))[0];
}

/** The stored artifact, checked against its sha256. */
export async function loadGlobalArtifact(db: Db, id: GlobalVersionId): Promise<ModelArtifact> {
  const sql = 'SELECT metadata, state, weights, artifact_sha256 FROM global_model_versions WHERE id = ?';
  const [row] = await db.pool.query<StoredArtifactRow[]>({ sql, autoJsonMap: false }, [id]);
  if (!row) fail('globalVersionId', id, 'name a registered global model version');
  return checkedArtifact(row, 'globalVersionId', id);
}

interface GlobalDbRow {
  id: number;
  granularity: Granularity;
  horizon: number;
  version: number;
  refit: GlobalRefit;
  parent_version_id: number | null;
  full_refit_at: Date;
  data_to: Date;
  training_run_id: string;
  metadata: string;
  created_at: Date;
}

async function selectGlobal(
  conn: Pick<Db['pool'], 'query'>,
  where: string,
  params: unknown[],
): Promise<GlobalModelVersion[]> {
  const sql = `SELECT id, granularity, horizon, version, refit, parent_version_id, full_refit_at, data_to,
    training_run_id, metadata, created_at FROM global_model_versions ${where}`;
  const rows = await conn.query<GlobalDbRow[]>({ sql, autoJsonMap: false }, params);
  return rows.map((r) => ({
    id: asGlobalVersionId(Number(r.id)),
    granularity: r.granularity,
    horizon: r.horizon,
    version: r.version,
    refit: r.refit,
    parentVersionId: r.parent_version_id === null ? null : asGlobalVersionId(Number(r.parent_version_id)),
    fullRefitAt: r.full_refit_at.getTime(),
    dataTo: r.data_to.getTime(),
    runId: r.training_run_id,
    metadata: JSON.parse(r.metadata) as ModelMetadata,
    createdAt: r.created_at.getTime(),
  }));
}
