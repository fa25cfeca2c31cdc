import assert from 'node:assert/strict';
import { createTrainingActivities } from '../../src/activities/training';
import { getGlobalRun, latestGlobalVersion, loadGlobalArtifact } from '../../src/db';
import { loadForecaster } from '../../src/forecast';
import { globalRunId } from '../../src/modelling';
import { artifactSha256 } from '../../src/db/registry-repo';
import { createTestDb, type TestDb } from '../support/test-db';
import { HOUR, ingestNab, type SeededSeries } from '../workflows/retrain-fixtures';

describe('modelling: one global model per granularity, stored and warm-started (MariaDB)', function () {
  this.timeout(300_000);
  let db: TestDb;
  let peer: SeededSeries;
  const DAY = 24 * HOUR;
  const key = { granularity: '1h' as const, horizon: 6 };

  before(async () => {
    db = await createTestDb('globalmodel');
    peer = await ingestNab(db, 'ec2_cpu_utilization_5f5533');
    await ingestNab(db, 'ec2_cpu_utilization_24ae8d');
  });
  after(async () => db?.drop());

  it('stores the first version as a full refit, and a repeat of the run reuses it', async () => {
    const activities = createTrainingActivities({ db });
    const asOf = peer.window.to - 3 * DAY;
    const first = await activities.updateGlobalModel({ ...key, asOf });
    assert.deepEqual(
      [first.status, first.refit, first.version, first.parentVersionId, first.series],
      ['trained', 'full', 1, null, 2],
    );
    assert.equal(first.runId, globalRunId('1h', asOf));
    const run = (await getGlobalRun(db, first.runId))!;
    assert.deepEqual([run.status, run.refit, run.versionId], ['succeeded', 'full', first.versionId]);
    assert.match(run.reason, /first global model/);
    assert.ok(run.trainingLoss !== null && run.trainingLoss > 0);
    const again = await activities.updateGlobalModel({ ...key, asOf });
    assert.deepEqual([again.status, again.versionId], ['trained', first.versionId]);
    // The stored artifact is a working global model of the key's model horizon.
    const model = await loadForecaster(await loadGlobalArtifact(db, first.versionId!));
    try {
      const history = {
        start: peer.window.from,
        stepMs: HOUR,
        values: Array.from({ length: 24 }, (_, i) => i),
      };
      assert.equal((await model.predict({ history })).point.length, 7);
    } finally {
      model.dispose();
    }
  });

  it('leaves a current version alone, then warm-starts the next day from it (the run names its parent)', async () => {
    const activities = createTrainingActivities({ db });
    const v1 = (await latestGlobalVersion(db, key))!;
    const hourLater = await activities.updateGlobalModel({ ...key, asOf: v1.dataTo + HOUR });
    assert.equal(hourLater.status, 'current');
    const asOf = v1.dataTo + DAY;
    const update = await activities.updateGlobalModel({ ...key, asOf });
    assert.deepEqual(
      [update.status, update.refit, update.version, update.parentVersionId],
      ['trained', 'update', 2, v1.id],
    );
    const run = (await getGlobalRun(db, globalRunId('1h', asOf)))!;
    assert.deepEqual([run.refit, run.parentVersionId, run.hyperparameters['epochs']], ['update', v1.id, 3]);
    const v2 = (await latestGlobalVersion(db, key))!;
    assert.equal(v2.metadata.hyperparameters['warmStart'], true);
    assert.equal(v2.fullRefitAt, v1.fullRefitAt, 'an update keeps the lineage’s full-refit time');
  });

  it('refits in full when asked, and a week after the last full refit', async () => {
    const activities = createTrainingActivities({ db });
    const v2 = (await latestGlobalVersion(db, key))!;
    const asked = await activities.updateGlobalModel({ ...key, asOf: v2.dataTo + HOUR, fullRefit: true });
    assert.deepEqual([asked.refit, asked.version, asked.parentVersionId], ['full', 3, null]);
    const v3 = (await latestGlobalVersion(db, key))!;
    const weekLater = await activities.updateGlobalModel({ ...key, asOf: v3.fullRefitAt + 7 * DAY });
    assert.equal(weekLater.refit, 'full');
    assert.match(weekLater.reason, /schedule/);
  });

  it('refits in full on a breach: the newest version fits the newest windows far worse than it trained', async () => {
    const activities = createTrainingActivities({ db });
    const v4 = (await latestGlobalVersion(db, key))!;
    // As if it had trained to a far lower loss: its loss on new windows is now many times that.
    const [row] = await db.pool.query<Array<{ metadata: string; state: string; weights: Buffer }>>(
      { sql: 'SELECT metadata, state, weights FROM global_model_versions WHERE id = ?', autoJsonMap: false },
      [v4.id],
    );
    const metadata = JSON.parse(row!.metadata) as { hyperparameters: Record<string, unknown> };
    metadata.hyperparameters['trainingLoss'] = 1e-6;
    const text = JSON.stringify(metadata);
    await db.pool.query('UPDATE global_model_versions SET metadata = ?, artifact_sha256 = ? WHERE id = ?', [
      ...[text, artifactSha256(text, row!.state, row!.weights)],
      v4.id,
    ]);
    const breached = await activities.updateGlobalModel({ ...key, asOf: v4.dataTo + DAY });
    assert.deepEqual([breached.status, breached.refit, breached.parentVersionId], ['trained', 'full', null]);
    assert.match(
      breached.reason,
      /^breach: version 4's loss on the newest windows is \d+\.\d\d× its training loss$/,
    );
    const run = (await getGlobalRun(db, breached.runId!))!;
    assert.deepEqual([run.refit, run.parentVersionId, run.hyperparameters['epochs']], ['full', null, 12]);
  });

  it('refuses bad input naming the field', async () => {
    const activities = createTrainingActivities({ db });
    await assert.rejects(activities.updateGlobalModel({ ...key, asOf: NaN }), {
      type: 'ForecastInputError',
      message: /input\.asOf must be an epoch-ms time, got NaN/,
    });
    await assert.rejects(activities.updateGlobalModel({ ...key, asOf: 0, peers: 0 }), {
      message: /input\.peers must be an integer from 1 to 1000, got 0/,
    });
    // Per-series training never fits a network of its own: the granularity's one model is updated here.
    const perSeries = { seriesId: peer.id, granularity: '1h' as const, window: peer.window };
    await assert.rejects(activities.trainSeries({ ...perSeries, kinds: ['global'], runIdPrefix: 'x' }), {
      type: 'ForecastInputError',
      message: /input\.kinds\[0\] must be a single-model kind, got "global"/,
    });
  });
});
