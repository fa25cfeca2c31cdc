import assert from 'node:assert/strict';
import {
  DecisionError,
  finishDecision,
  getDecision,
  latestDecisions,
  listDecisions,
  naturalKeyOf,
  registerVersion,
  startDecision,
  upsertSeries,
  type DecisionStart,
} from '../../src/db';
import type { ModelVersionId, SeriesId } from '../../src/shared';
import { artifact, identity } from './support/registry-fixtures';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';

const T0 = Date.UTC(2026, 10, 23, 10);
const HOUR = 3_600_000;

describe('db/decisions-repo', () => {
  let db: TestDb;
  let seriesId: SeriesId;
  let otherSeries: SeriesId;
  let v1: ModelVersionId;
  let v2: ModelVersionId;
  const start = (attemptKey: string, extra: Partial<DecisionStart> = {}): DecisionStart => ({
    seriesId,
    workflowId: `retrain/${seriesId}`,
    attemptKey,
    reason: 'threshold',
    trigger: { type: 'threshold', reasons: [{ metric: 'rmse', value: 12.5, limit: 10 }] },
    championBeforeId: v1,
    startedAt: Date.parse(attemptKey),
    ...extra,
  });

  before(async () => {
    db = await createTestDb('decisions');
    const ids = await upsertSeries(db, [identity, { ...identity, dimensions: { InstanceId: 'i-0def' } }]);
    seriesId = ids.get(naturalKeyOf(identity))!;
    otherSeries = ids.get(naturalKeyOf({ ...identity, dimensions: { InstanceId: 'i-0def' } }))!;
    const key = { seriesId, granularity: '1h', horizon: 6 } as const;
    v1 = (await registerVersion(db, { ...key, artifact: artifact() })).id;
    v2 = (await registerVersion(db, { ...key, artifact: artifact() })).id;
  });
  after(() => db.drop());

  it('records a running decision, then its outcome, and reads back what was written', async () => {
    const key = new Date(T0).toISOString();
    await startDecision(db, start(key));
    const running = (await getDecision(db, { workflowId: `retrain/${seriesId}`, attemptKey: key }))!;
    assert.equal(running.status, 'running');
    assert.equal(running.championBeforeId, v1);
    assert.equal(running.finishedAt, null);
    assert.deepEqual(running.trigger, start(key).trigger);
    await finishDecision(
      db,
      { workflowId: running.workflowId, attemptKey: key },
      {
        status: 'promoted',
        selectedKind: 'ets',
        challengerVersionId: v2,
        championAfterId: v2,
        explanation: 'challenger MASE 0.81 < champion 1.20 on the same window',
        finishedAt: T0 + 60_000,
      },
    );
    const done = (await getDecision(db, running))!;
    assert.equal(done.id, running.id);
    assert.equal(done.status, 'promoted');
    assert.equal(done.championAfterId, v2);
    assert.equal(done.selectedKind, 'ets');
    assert.equal(done.finishedAt, T0 + 60_000);
  });

  it('upserts a retried start on (workflow id, attempt key) instead of adding a row', async () => {
    const key = new Date(T0 + HOUR).toISOString();
    await startDecision(db, start(key));
    const before = await snapshotTable(db, 'retrain_decisions', 'id');
    await startDecision(db, start(key));
    assert.equal(await snapshotTable(db, 'retrain_decisions', 'id'), before);
  });

  it('refuses bad input naming field and value, and finishing a decision never started', async () => {
    await assert.rejects(
      startDecision(db, start('x', { workflowId: '' })),
      (e: unknown) =>
        e instanceof DecisionError && /workflowId must have 1 to 255 characters, got ""/.test(e.message),
    );
    await assert.rejects(
      startDecision(db, start(new Date(T0).toISOString(), { startedAt: NaN })),
      /startedAt must be a finite epoch-ms time, got NaN/,
    );
    const outcome = {
      status: 'kept',
      selectedKind: null,
      challengerVersionId: null,
      championAfterId: v1,
      explanation: 'x',
      finishedAt: T0,
    } as const;
    await assert.rejects(
      finishDecision(db, { workflowId: 'retrain/999', attemptKey: 'never' }, outcome),
      /key must name a started decision/,
    );
    await assert.rejects(
      finishDecision(
        db,
        { workflowId: `retrain/${seriesId}`, attemptKey: new Date(T0).toISOString() },
        {
          ...outcome,
          status: 'running' as 'kept',
        },
      ),
      /status must be promoted, kept or failed, got "running"/,
    );
  });

  it('lists by series, status and start, newest first, and finds the newest decision per series', async () => {
    await startDecision(
      db,
      start(new Date(T0 + 2 * HOUR).toISOString(), {
        seriesId: otherSeries,
        workflowId: `retrain/${otherSeries}`,
      }),
    );
    const mine = await listDecisions(db, { seriesIds: [seriesId] });
    assert.deepEqual(
      mine.map((d) => d.startedAt),
      [T0 + HOUR, T0],
    );
    assert.deepEqual(
      (await listDecisions(db, { status: 'running' })).map((d) => d.startedAt),
      [T0 + 2 * HOUR, T0 + HOUR],
    );
    assert.equal((await listDecisions(db, { startedAfter: T0 })).length, 2);
    assert.deepEqual(await listDecisions(db, { seriesIds: [] }), []);
    const latest = await latestDecisions(db, [seriesId, otherSeries]);
    assert.equal(latest.get(seriesId)?.startedAt, T0 + HOUR);
    assert.equal(latest.get(otherSeries)?.startedAt, T0 + 2 * HOUR);
    assert.equal((await latestDecisions(db, [])).size, 0);
  });
});
