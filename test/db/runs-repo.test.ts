import assert from 'node:assert/strict';
import {
  bestTrial,
  finishRun,
  getRun,
  listRuns,
  naturalKeyOf,
  recordRun,
  recordRuns,
  TrainingRunError,
  upsertSeries,
  type RunMetrics,
  type TrainingRunInput,
} from '../../src/db';
import { asModelVersionId, type SeriesId } from '../../src/shared';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import { cpuIdentity as identity } from './support/seed';

const T0 = Date.UTC(2026, 10, 1);
const metrics = (mase: number): RunMetrics => ({
  mae: 1.5,
  rmse: 2.25,
  mape: 12.5,
  smape: 11,
  mase,
  coverage80: 0.8,
  coverage95: 0.95,
});

describe('db/runs-repo', () => {
  let db: TestDb;
  let seriesId: SeriesId;
  let otherSeries: SeriesId;
  const run = (runId: string, extra: Partial<TrainingRunInput> = {}): TrainingRunInput => ({
    runId,
    seriesId,
    granularity: '1h',
    horizon: 6,
    kind: 'lstm',
    hyperparameters: { window: 48, units: 32, learningRate: 0.001, bidirectional: false },
    dataWindow: { from: T0, to: T0 + 30 * 86_400_000 + 123 },
    backend: 'wasm',
    libraryVersions: { tfjs: '4.22.0', node: '20.19.0' },
    ...extra,
  });

  before(async () => {
    db = await createTestDb('runs');
    const ids = await upsertSeries(db, [identity, { ...identity, granularity: '5m' }]);
    seriesId = ids.get(naturalKeyOf(identity))!;
    otherSeries = ids.get(naturalKeyOf({ ...identity, granularity: '5m' }))!;
  });
  after(async () => db.drop());

  it('records a running run and finishes it with metrics and folds', async () => {
    await recordRun(db, run('retrain/1/drift/1'));
    const started = await getRun(db, 'retrain/1/drift/1');
    assert.equal(started?.status, 'running');
    assert.deepEqual(started.dataWindow, { from: T0, to: T0 + 30 * 86_400_000 + 123 });
    assert.deepEqual(started.hyperparameters, run('x').hyperparameters);
    assert.equal(started.metrics, null);

    const folds = [metrics(0.9), { ...metrics(NaN), mape: Infinity }];
    await finishRun(db, 'retrain/1/drift/1', {
      status: 'succeeded',
      metrics: metrics(0.8),
      folds,
      durationMs: 4200,
    });
    // Finishing again with the same outcome (a retried activity) is accepted and changes nothing.
    const finished = await snapshotTable(db, 'training_runs', 'id');
    await finishRun(db, 'retrain/1/drift/1', {
      status: 'succeeded',
      metrics: metrics(0.8),
      folds,
      durationMs: 4200,
    });
    assert.equal(await snapshotTable(db, 'training_runs', 'id'), finished);
    const done = await getRun(db, 'retrain/1/drift/1');
    assert.equal(done?.status, 'succeeded');
    assert.equal(done.durationMs, 4200);
    assert.deepEqual(done.metrics, metrics(0.8));
    // NaN and Infinity survive the JSON column (plain JSON would have made them null).
    assert.deepEqual(done.folds, folds);
    assert.equal(done.error, null);
  });

  it('upserts on a retried record: one row, describing the latest attempt', async () => {
    await recordRun(db, run('retrain/1/manual/1', { backend: 'cpu' }));
    await finishRun(db, 'retrain/1/manual/1', { status: 'failed', error: 'OOM', durationMs: 10 });
    await recordRun(db, run('retrain/1/manual/1'));
    const rows = await db.pool.query<unknown[]>('SELECT * FROM training_runs WHERE run_id = ?', [
      'retrain/1/manual/1',
    ]);
    assert.equal(rows.length, 1);
    const again = await getRun(db, 'retrain/1/manual/1');
    assert.equal(again?.backend, 'wasm');
    assert.equal(again.status, 'running');
    assert.equal(again.error, null);

    const before = await snapshotTable(db, 'training_runs', 'id');
    await recordRun(db, run('retrain/1/manual/1'));
    assert.equal(await snapshotTable(db, 'training_runs', 'id'), before);
  });

  it('keeps the failure text of a failed run', async () => {
    await recordRun(db, run('retrain/1/fail/1'));
    await finishRun(db, 'retrain/1/fail/1', {
      status: 'failed',
      error: 'loss was NaN at epoch 3',
      durationMs: 77,
    });
    const failed = await getRun(db, 'retrain/1/fail/1');
    assert.deepEqual(
      [failed?.status, failed?.error, failed?.metrics],
      ['failed', 'loss was NaN at epoch 3', null],
    );
  });

  it('filters listRuns by series, search and kind, newest first', async () => {
    const trials = [0.9, 0.4, 0.4, NaN].map((mase, trial) =>
      run(`search/s1/${trial}`, {
        kind: 'tcn',
        searchId: 's1',
        trial,
        outcome: { status: 'succeeded', metrics: metrics(mase), folds: [], durationMs: 1 },
      }),
    );
    await recordRuns(db, [
      ...trials,
      run('other/1', { seriesId: otherSeries, granularity: '5m', kind: 'ets' }),
    ]);
    assert.deepEqual(
      (await listRuns(db, { searchId: 's1' })).map((r) => r.trial),
      [3, 2, 1, 0],
    );
    assert.deepEqual(
      (await listRuns(db, { seriesId: otherSeries })).map((r) => r.runId),
      ['other/1'],
    );
    assert.equal((await listRuns(db, { seriesId, kind: 'tcn', limit: 2 })).length, 2);
    assert.equal((await listRuns(db, { kind: 'lstm' })).length, 3);
  });

  it('finds the best trial, ignoring NaN, failed runs and other searches', async () => {
    await recordRuns(db, [
      run('search/s1/4', {
        searchId: 's1',
        trial: 4,
        outcome: { status: 'failed', error: 'x', durationMs: 1, metrics: metrics(0.1) },
      }),
      run('search/s2/0', {
        searchId: 's2',
        trial: 0,
        outcome: { status: 'succeeded', metrics: metrics(0.01), folds: [], durationMs: 1 },
      }),
      run('search/s3/0', {
        searchId: 's3',
        trial: 0,
        outcome: { status: 'succeeded', metrics: metrics(NaN), folds: [], durationMs: 1 },
      }),
    ]);
    const best = await bestTrial(db, 's1');
    assert.deepEqual([best?.runId, best?.metrics?.mase], ['search/s1/1', 0.4]);
    // Integer-valued metrics (JSON type INTEGER) rank too.
    assert.equal((await bestTrial(db, 's1', 'smape'))?.runId, 'search/s1/0');
    assert.equal(await bestTrial(db, 's3'), undefined);
    assert.equal(await bestTrial(db, 'nope'), undefined);
  });

  it('refuses bad input with errors that name the field and leaves the table alone', async () => {
    const before = await snapshotTable(db, 'training_runs', 'id');
    const refusal = (field: string, message: RegExp) => (error: unknown) =>
      error instanceof TrainingRunError && error.field === field && message.test(error.message);
    await assert.rejects(
      finishRun(db, 'never/recorded', { status: 'failed', error: 'x', durationMs: 1 }),
      refusal('runId', /runId must name a recorded run.*got "never\/recorded"/),
    );
    await assert.rejects(
      recordRun(db, run('bad/series', { seriesId: 999_999 as SeriesId })),
      refusal('seriesId', /got 999999/),
    );
    await assert.rejects(
      finishRun(db, 'retrain/1/drift/1', {
        status: 'succeeded',
        metrics: metrics(1),
        folds: [],
        durationMs: 1,
        modelVersionId: asModelVersionId(424242),
      }),
      refusal('modelVersionId', /modelVersionId must name an existing model version, got 424242/),
    );
    await assert.rejects(recordRun(db, run('')), refusal('runId', /1 to 255/));
    await assert.rejects(recordRun(db, run('t', { trial: 1 })), refusal('searchId', /set when trial is/));
    await assert.rejects(
      recordRun(db, run('w', { dataWindow: { from: 2, to: 1 } })),
      refusal('dataWindow', /from <= to/),
    );
    await assert.rejects(bestTrial(db, 's1', 'coverage80' as 'mase'), refusal('metric', /one of mae/));
    assert.equal(await snapshotTable(db, 'training_runs', 'id'), before);
  });
});
