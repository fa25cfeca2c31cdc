import assert from 'node:assert/strict';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  listForecasts,
  naturalKeyOf,
  readObservations,
  registerVersion,
  upsertForecasts,
  upsertObservations,
  upsertSeries,
  type ForecastRecord,
  type ForecastRow,
} from '../../src/db';
import type { ModelVersionId, SeriesId } from '../../src/shared';
import {
  getReconcileStateQuery,
  reconcileWindowWorkflow,
  reconcileWorkflowId,
  type ReconcileWindowState,
} from '../../src/workflows';
import { artifact, identity } from '../db/support/registry-fixtures';
import { recordHistory } from '../support/histories';
import { sharedTemporalEnv } from '../support/temporal-env';
import { createTestDb, type TestDb } from '../support/test-db';
import { startDbWorker } from './worker-fixtures';

const HOUR = 3_600_000;
const I = Date.UTC(2026, 10, 23, 10);

/** Polls the workflow's query until `ready` holds; fails after 20 s with the last state seen. */
async function waitFor(
  handle: WorkflowHandle<typeof reconcileWindowWorkflow>,
  ready: (s: ReconcileWindowState) => boolean,
): Promise<ReconcileWindowState> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const state = await handle.query(getReconcileStateQuery).catch(() => undefined);
    if (state && ready(state)) return state;
    assert.ok(Date.now() < deadline, `state not reached: ${JSON.stringify(state)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('workflows/reconcileWindowWorkflow (dev server, MariaDB)', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let stopWorker: (() => Promise<void>) | undefined;
  const taskQueue = `test-reconcile-window-${process.pid}`;
  let one: SeriesId;
  let two: SeriesId;
  let champion: ModelVersionId;
  let challenger: ModelVersionId;
  let other: ModelVersionId;
  const record = async (
    series: SeriesId,
    version: ModelVersionId,
    targetAt: number,
  ): Promise<ForecastRecord> =>
    (await listForecasts(db, { seriesId: series, modelVersionId: version })).find(
      (r) => r.targetAt === targetAt,
    )!;

  before(async () => {
    env = await sharedTemporalEnv();
    db = await createTestDb('reconcilewf');
    const second = { ...identity, dimensions: { InstanceId: 'i-0def' }, host: 'i-0def' };
    const ids = await upsertSeries(db, [identity, second]);
    [one, two] = [ids.get(naturalKeyOf(identity))!, ids.get(naturalKeyOf(second))!];
    const register = async (s: SeriesId) =>
      (await registerVersion(db, { seriesId: s, granularity: '1h', horizon: 6, artifact: artifact() })).id;
    [champion, challenger, other] = [await register(one), await register(one), await register(two)];
    stopWorker = await startDbWorker(env, db, taskQueue);
  });
  after(async () => {
    await stopWorker?.();
    await db?.drop();
  });

  it('reconciles late and revised actuals onto their own records and marks the one that never came missing', async () => {
    // Issue I: six hourly steps for series one (champion and challenger) and series two. Actuals
    // of the first five targets are in; the sixth is late for series one and never comes for two.
    const rows: ForecastRow[] = [];
    for (const [seriesId, modelVersionId, role, point] of [
      [one, champion, 'champion', 50],
      [one, challenger, 'challenger', 40],
      [two, other, 'champion', 10],
    ] as const)
      for (let step = 1; step <= 6; step++)
        rows.push({
          ...{
            seriesId,
            modelVersionId,
            role,
            modelKind: 'lstm',
            issuedAt: I,
            targetAt: I + (step - 1) * HOUR,
          },
          ...{
            horizonStep: step,
            point,
            lower80: point - 5,
            upper80: point + 5,
            lower95: point - 10,
            upper95: point + 10,
          },
        });
    await upsertForecasts(db, rows);
    const actual = (s: SeriesId, step: number, value: number) => ({
      seriesId: s,
      t: I + (step - 1) * HOUR,
      value,
    });
    await upsertObservations(
      db,
      [1, 2, 3, 4, 5].flatMap((k) => [actual(one, k, 48 + k), actual(two, k, 12)]),
    );

    // All six targets have closed at the first check; the deadline is six seconds of workflow time.
    const handle = await env.client.workflow.start(reconcileWindowWorkflow, {
      taskQueue,
      workflowId: reconcileWorkflowId(I),
      args: [{ issuedAt: I, deadlineMs: 6_000, checkEveryMs: 1_500, firstAsOf: I + 6 * HOUR }],
    });
    assert.equal(handle.workflowId, 'reconcile/2026-11-23T10:00Z');
    const first = await waitFor(handle, (s) => s.checks >= 1);
    assert.deepEqual(first.window, { total: 18, pending: 3, maturedPending: 3, reconciled: 15, missing: 0 });

    // A revised actual for step 2 of series one: its revision moves and the next check re-scores it.
    await upsertObservations(db, [actual(one, 2, 70)]);
    const second = await waitFor(handle, (s) => s.checks >= 2);
    assert.equal(second.window.pending, 3, 'the late actual has not come yet');
    // The late actual comes in after the second check.
    await upsertObservations(db, [actual(one, 6, 47)]);
    const final = await handle.result();
    recordHistory('reconcile-window-late-revised-missing', handle, env.address);

    assert.equal(final.done, true);
    assert.deepEqual(final.window, { total: 18, pending: 0, maturedPending: 0, reconciled: 17, missing: 1 });
    assert.ok(final.changes.revised >= 2, `revised ${final.changes.revised}`);
    assert.deepEqual(
      final.missing.map((m) => [m.seriesId, m.modelVersionId, m.targetAt]),
      [[two, other, I + 5 * HOUR]],
    );
    assert.match(final.missing[0]!.reason!, /no observation at target time within 0 min/);

    // The revised actual landed on both records of its target, re-scored against each one's point.
    const [revision] = await readObservations(db, one, { from: I + HOUR, to: I + 2 * HOUR });
    for (const [version, point] of [
      [champion, 50],
      [challenger, 40],
    ] as const) {
      const revised = await record(one, version, I + HOUR);
      assert.equal(revised.actual, 70);
      assert.equal(revised.actualRevision, revision!.revision);
      assert.equal(revised.absError, Math.abs(70 - point));
      const late = await record(one, version, I + 5 * HOUR);
      assert.equal(late.status, 'reconciled');
      assert.equal(late.actual, 47);
      assert.equal(late.absError, Math.abs(47 - point));
      // Found pending at two checks or more before its actual came.
      assert.ok(late.attempts >= 2, `attempts ${late.attempts}`);
      assert.ok(late.reconciledAt! > I + 6 * HOUR);
    }
    assert.equal((await record(two, other, I + 5 * HOUR)).status, 'missing');
    const memo = (await handle.describe()).memo as { missing: number };
    assert.equal(memo.missing, 1);
  });

  it('ends after one check when nothing was issued at its hour', async () => {
    const empty = I + 24 * HOUR;
    const state = await env.client.workflow.execute(reconcileWindowWorkflow, {
      taskQueue,
      workflowId: reconcileWorkflowId(empty),
      args: [{ issuedAt: empty, deadlineMs: 1_000, checkEveryMs: 1_000 }],
    });
    assert.equal(state.checks, 1);
    assert.equal(state.done, true);
    assert.equal(state.window.total, 0);
  });
});
