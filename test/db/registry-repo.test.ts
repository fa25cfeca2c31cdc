import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  listVersions,
  loadArtifact,
  naturalKeyOf,
  registerVersion,
  upsertSeries,
  type ModelKey,
} from '../../src/db';
import type { ModelArtifact } from '../../src/forecast/types';
import { createTestDb, type TestDb } from '../support/test-db';
import { artifact, identity, refusal, snapshotRegistry } from './support/registry-fixtures';

describe('db/registry-repo', () => {
  let db: TestDb;
  let key: ModelKey;
  const snapshot = (): Promise<string[]> => snapshotRegistry(db);

  before(async () => {
    db = await createTestDb('registry');
    const ids = await upsertSeries(db, [identity]);
    key = { seriesId: ids.get(naturalKeyOf(identity))!, granularity: '1h', horizon: 6 };
  });
  after(async () => db.drop());

  it('numbers versions 1, 2, 3 per key and registers a run once', async () => {
    const first = await registerVersion(db, { ...key, artifact: artifact(), runId: 'retrain/a/1' });
    const second = await registerVersion(db, { ...key, artifact: artifact(), runId: 'retrain/a/2' });
    const retried = await registerVersion(db, { ...key, artifact: artifact(), runId: 'retrain/a/2' });
    const third = await registerVersion(db, { ...key, artifact: artifact() });
    assert.deepEqual([first.version, second.version, third.version], [1, 2, 3]);
    assert.deepEqual(retried, second);
    const listed = await listVersions(db, key);
    assert.deepEqual(
      listed.map((v) => [v.version, v.runId, v.kind]),
      [
        [1, 'retrain/a/1', 'lstm'],
        [2, 'retrain/a/2', 'lstm'],
        [3, null, 'lstm'],
      ],
    );
    assert.deepEqual((await listVersions(db, { ...key, horizon: 12 })).length, 0);
  });

  it('round-trips a 1 MB weights blob and nested JSON state exactly', async () => {
    const source = randomBytes(1024 * 1024 + 8);
    // A view that does not start at offset 0 of its buffer, as tfjs and Buffer pools produce.
    const weights = new Uint8Array(source.buffer, source.byteOffset + 8, 1024 * 1024);
    const original = artifact(6, weights);
    const metrics = {
      mae: 1,
      rmse: 2,
      mape: NaN,
      smape: 3,
      mase: Infinity,
      coverage80: 0.8,
      coverage95: 0.9,
    };
    const { id } = await registerVersion(db, { ...key, artifact: original, validationMetrics: metrics });
    const loaded = await loadArtifact(db, id);
    assert.ok(loaded.weights instanceof Uint8Array && !Buffer.isBuffer(loaded.weights));
    assert.equal(loaded.weights.byteLength, 1024 * 1024);
    assert.ok(Buffer.from(loaded.weights).equals(Buffer.from(weights)));
    assert.deepEqual(loaded, { ...original, weights: new Uint8Array(weights) });
    const [version] = (await listVersions(db, key)).filter((v) => v.id === id);
    assert.deepEqual(version?.validationMetrics, metrics);
    assert.equal(version.weightsBytes, 1024 * 1024);
    assert.deepEqual(version.metadata, original.metadata);

    const noWeights = await registerVersion(db, { ...key, artifact: artifact() });
    assert.deepEqual(await loadArtifact(db, noWeights.id), artifact());
  });

  it('detects a corrupted artifact', async () => {
    const { id } = await registerVersion(db, { ...key, artifact: artifact(6, new Uint8Array([1, 2, 3])) });
    await db.pool.query('UPDATE model_versions SET weights = ? WHERE id = ?', [Buffer.from([1, 2, 4]), id]);
    await assert.rejects(loadArtifact(db, id), refusal('versionId', /is corrupt: sha256/));
  });

  it('refuses an empty or mismatched artifact', async () => {
    const before = await snapshot();
    const bad = (a: Partial<ModelArtifact>, runId?: string) =>
      registerVersion(db, {
        ...key,
        artifact: { ...artifact(), ...a },
        ...(runId ? { runId } : {}),
      });
    await assert.rejects(
      bad({ weights: new Uint8Array(0) }),
      refusal('artifact.weights.byteLength', /got 0/),
    );
    await assert.rejects(bad({ metadata: undefined }), refusal('artifact.metadata', /got undefined/));
    await assert.rejects(bad({ state: undefined }), refusal('artifact.state', /JSON data/));
    await assert.rejects(
      bad({ metadata: { ...artifact().metadata, horizon: 12 } }),
      refusal('artifact.metadata.horizon', /be 7 \(horizon 6 issued after the step under way\), got 12/),
    );
    await assert.rejects(
      bad({ metadata: { ...artifact().metadata, conformal: { q80: [1, NaN], q95: [1, 2] } } }),
      refusal('artifact.metadata.conformal.q80[1]', /finite number, got NaN/),
    );
    await assert.rejects(
      bad({ state: { w: new Float32Array(2) } }),
      refusal('artifact.state.w', /Float32Array/),
    );
    await assert.rejects(
      registerVersion(db, { ...key, seriesId: 999_999 as ModelKey['seriesId'], artifact: artifact() }),
      refusal('seriesId', /existing series, got 999999/),
    );
    await assert.rejects(
      registerVersion(db, { ...key, horizon: 12, artifact: artifact(12), runId: 'retrain/a/1' }),
      refusal('runId', /^runId "retrain\/a\/1" belongs to horizon 6, not 12$/),
    );
    assert.deepEqual(await snapshot(), before);
  });

  it('gives concurrent registrations of one key distinct sequential versions', async () => {
    const k = { ...key, horizon: 168 };
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        registerVersion(db, { ...k, artifact: artifact(168), runId: `c/${i}` }),
      ),
    );
    assert.deepEqual(results.map((r) => r.version).sort(), [1, 2, 3, 4, 5]);
    assert.equal(new Set(results.map((r) => r.id)).size, 5);
    const sameRun = await Promise.all(
      Array.from({ length: 5 }, () =>
        registerVersion(db, { ...k, artifact: artifact(168), runId: 'c/same' }),
      ),
    );
    assert.deepEqual(new Set(sameRun.map((r) => r.version)), new Set([6]));
    assert.equal((await listVersions(db, k)).length, 6);
  });
});
