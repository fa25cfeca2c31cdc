import assert from 'node:assert/strict';
import {
  getAlias,
  listAliasHistory,
  loadArtifact,
  loadByAlias,
  naturalKeyOf,
  promote,
  rollback,
  setAlias,
  upsertSeries,
  type ModelKey,
} from '../../src/db';
import { asModelVersionId, type ModelVersionId } from '../../src/shared';
import { createTestDb, type TestDb } from '../support/test-db';
import { artifact, identity, refusal, registerArtifact, snapshotRegistry } from './support/registry-fixtures';

describe('db/aliases-repo', () => {
  let db: TestDb;
  let key: ModelKey;
  const snapshot = (): Promise<string[]> => snapshotRegistry(db);
  const register = (k: ModelKey): Promise<ModelVersionId> => registerArtifact(db, k);

  before(async () => {
    db = await createTestDb('aliases');
    const ids = await upsertSeries(db, [identity]);
    key = { seriesId: ids.get(naturalKeyOf(identity))!, granularity: '1h', horizon: 6 };
  });
  after(async () => db.drop());

  it('sets a challenger, promotes it, and records the move', async () => {
    const k = { ...key, horizon: 24 };
    const [v1, v2] = [await register(k), await register(k)];
    await setAlias(db, k, 'champion', v1, 'first model');
    await setAlias(db, k, 'challenger', v2, 'retrained on drift');
    const move = await promote(db, k, 'challenger beat champion on MASE');
    assert.deepEqual(move, {
      alias: 'champion',
      fromVersionId: v1,
      toVersionId: v2,
      action: 'promote',
      reason: 'challenger beat champion on MASE',
    });
    assert.equal((await getAlias(db, k, 'champion'))?.id, v2);
    assert.equal(await getAlias(db, k, 'challenger'), undefined);
    const loaded = await loadByAlias(db, k, 'champion');
    assert.deepEqual([loaded?.version.id, loaded?.artifact], [v2, artifact(24)]);
    assert.deepEqual(
      (await listAliasHistory(db, k)).map((h) => [h.alias, h.fromVersionId, h.toVersionId, h.action]),
      [
        ['champion', null, v1, 'set'],
        ['challenger', null, v2, 'set'],
        ['champion', v1, v2, 'promote'],
        ['challenger', v2, null, 'promote'],
      ],
    );
  });

  it('rolls back to the previous champion, and further on a second rollback', async () => {
    const k = { ...key, horizon: 48 };
    const [v1, v2, v3] = [await register(k), await register(k), await register(k)];
    await setAlias(db, k, 'champion', v1, 'first');
    for (const v of [v2, v3]) {
      await setAlias(db, k, 'challenger', v, 'retrained');
      await promote(db, k, 'better');
    }
    assert.equal((await rollback(db, k, 'v3 forecasts flat')).toVersionId, v2);
    assert.equal((await getAlias(db, k, 'champion'))?.id, v2);
    assert.equal((await rollback(db, k, 'v2 too')).toVersionId, v1);
    const before = await snapshot();
    await assert.rejects(
      rollback(db, k, 'again'),
      refusal('champion', /no champion before versionId \d+ to roll back to/),
    );
    assert.deepEqual(await snapshot(), before);
  });

  it('makes a retried promote or rollback a no-op when given the version', async () => {
    const k = { ...key, horizon: 72 };
    const [v1, v2] = [await register(k), await register(k)];
    await setAlias(db, k, 'champion', v1, 'first');
    await setAlias(db, k, 'challenger', v2, 'new');
    const promoted = await promote(db, k, 'better', { versionId: v2 });
    const history = await snapshot();
    const again = await promote(db, k, 'better', { versionId: v2 });
    assert.deepEqual([again.fromVersionId, again.toVersionId, again.action], [v1, v2, 'promote']);
    assert.deepEqual([promoted.fromVersionId, promoted.toVersionId], [v1, v2]);
    assert.deepEqual(await snapshot(), history);
    await rollback(db, k, 'worse', { versionId: v2 });
    const rolled = await snapshot();
    assert.equal((await rollback(db, k, 'worse', { versionId: v2 })).toVersionId, v1);
    assert.deepEqual(await snapshot(), rolled);
    await assert.rejects(promote(db, k, 'x', { versionId: v1 }), refusal('challenger', /no challenger/));
  });

  it('refuses promote without challenger and rollback without history, changing nothing', async () => {
    const k = { ...key, horizon: 3 };
    const before = await snapshot();
    await assert.rejects(
      promote(db, k, 'why not'),
      refusal('challenger', /horizon 3\) has no challenger to promote/),
    );
    await assert.rejects(rollback(db, k, 'why not'), refusal('champion', /has no champion to roll back/));
    const v1 = await register(k);
    await setAlias(db, k, 'champion', v1, 'first');
    const withChampion = await snapshot();
    await assert.rejects(rollback(db, k, 'why not'), refusal('champion', /no champion before versionId/));
    await assert.rejects(promote(db, k, 'why not'), refusal('challenger', /no challenger/));
    assert.deepEqual(await snapshot(), withChampion);
    assert.notDeepEqual(withChampion, before);
  });

  it('keeps aliases per series, granularity and horizon, and refuses a version of another key', async () => {
    const [other] = (
      await upsertSeries(db, [{ ...identity, dimensions: { InstanceId: 'i-0def' } }])
    ).values();
    const a = { ...key, horizon: 12 };
    const b = { ...a, seriesId: other! };
    const [va, vb] = [await register(a), await register(b)];
    await setAlias(db, a, 'champion', va, 'a');
    await setAlias(db, b, 'champion', vb, 'b');
    assert.deepEqual(
      [(await getAlias(db, a, 'champion'))?.id, (await getAlias(db, b, 'champion'))?.id],
      [va, vb],
    );
    assert.equal(await getAlias(db, { ...a, horizon: 6 }, 'champion'), undefined);
    const before = await snapshot();
    await assert.rejects(
      setAlias(db, a, 'challenger', vb, 'x'),
      refusal('versionId', new RegExp(`^versionId ${vb} belongs to series ${other}, not ${a.seriesId}$`)),
    );
    await assert.rejects(
      setAlias(db, { ...a, horizon: 6 }, 'champion', va, 'x'),
      refusal('versionId', /horizon 12, not 6/),
    );
    await assert.rejects(
      setAlias(db, a, 'champion', asModelVersionId(999_999), 'x'),
      refusal('versionId', /999999/),
    );
    await assert.rejects(setAlias(db, a, 'champion', va, ' '), refusal('reason', /1 to 1000/));
    await assert.rejects(loadArtifact(db, asModelVersionId(999_999)), refusal('versionId', /got 999999/));
    assert.deepEqual(await snapshot(), before);
  });
});
