import assert from 'node:assert/strict';
import { decideReset } from '../../src/client/commands/demo';
import {
  createApiToken,
  readDemoReplay,
  registerVersion,
  resetDemoData,
  startDemoReplay,
  upsertObservations,
} from '../../src/db';
import { createForecaster } from '../../src/forecast';
import { seedSeries, testIdentity } from '../db/support/seed';
import { createTestDb, type TestDb } from '../support/test-db';

const HOUR = 3_600_000;

describe('client/demo: starting the living demo on the database it finds', function () {
  this.timeout(60_000);
  let db: TestDb;

  before(async () => {
    db = await createTestDb('demo_start');
  });
  after(async () => db.drop());

  it('keeps a started demo, clears an older one holding only the bundled series, refuses other data', () => {
    const bundled = new Set(['a', 'b']);
    const series = (...keys: string[]) => keys.map((k) => ({ naturalKey: k, name: `series ${k}` }));
    assert.deepEqual(decideReset({ reset: false, started: false, stored: [], bundled }), { action: 'keep' });
    assert.deepEqual(decideReset({ reset: false, started: true, stored: series('x'), bundled }), {
      action: 'keep',
    });
    assert.equal(
      decideReset({ reset: false, started: false, stored: series('a', 'b'), bundled }).action,
      'reset',
    );
    assert.deepEqual(decideReset({ reset: false, started: false, stored: series('a', 'x'), bundled }), {
      action: 'refuse',
      foreign: ['series x'],
    });
    assert.equal(decideReset({ reset: true, started: true, stored: series('x'), bundled }).action, 'reset');
  });

  it('records the start once: a second start keeps the first, so the shifts never move', async () => {
    const first = await startDemoReplay(db, {
      anchorAt: Date.UTC(2026, 11, 4, 16, 42),
      holdBackHours: 72,
      historyDays: 14,
    });
    assert.equal(first.anchorAt, Date.UTC(2026, 11, 4, 16));
    const again = await startDemoReplay(db, {
      anchorAt: Date.UTC(2026, 11, 5, 9),
      holdBackHours: 24,
      historyDays: 3,
    });
    assert.deepEqual(again, first);
  });

  it('a reset deletes the data but keeps the schema and API tokens, and ids keep counting up', async () => {
    const series = await seedSeries(db, testIdentity('old-demo'));
    await upsertObservations(db, [{ seriesId: series, t: Date.UTC(2014, 3, 1), value: 1 }]);
    const model = createForecaster('naive');
    await model.fit(
      { start: 0, stepMs: HOUR, values: [1, 2, 3, 4, 5, 6, 7, 8] },
      { horizon: 2, seasonPeriod: 1 },
    );
    const key = { seriesId: series, granularity: '1h' as const, horizon: 2 };
    const before = await registerVersion(db, { ...key, artifact: await model.serialize() });
    await createApiToken(db, { name: 'kept', scope: 'read' });

    const deleted = await resetDemoData(db);
    assert.equal(deleted.series, 1);
    assert.equal(deleted.observations, 1);
    assert.equal(deleted.model_versions, 1);
    assert.equal(deleted.demo_replay, 1);
    assert.equal(await readDemoReplay(db), undefined);
    const [tokens] = await db.pool.query<Array<{ n: number }>>('SELECT COUNT(*) AS n FROM api_tokens');
    assert.equal(Number(tokens?.n), 1);

    const again = await seedSeries(db, testIdentity('old-demo'));
    assert.ok(again > series, 'a new series id, never a reused one');
    const after = await registerVersion(db, { ...key, seriesId: again, artifact: await model.serialize() });
    assert.ok(after.id > before.id, 'a new model version id: a cached model can never be served for it');
    model.dispose();
  });
});
