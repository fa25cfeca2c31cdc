import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createMonitoringActivities } from '../../src/activities/monitoring';
import { getAlias, listDecisions, listRuns, startDecision } from '../../src/db';
import type { ModelVersionId } from '../../src/shared';
import { MetricastKind, MetricastSeries, retrainWorkflow, type RetrainResult } from '../../src/workflows';
import { recordHistory } from '../support/histories';
import type { TestDb } from '../support/test-db';
import {
  driftChampion,
  HOUR,
  keyOf,
  seedNabWorld,
  startWorkers,
  TEST_KINDS,
  type SeededSeries,
  type Workers,
} from './retrain-fixtures';
import { monitorAndRetrainWorkflow, type MonitorInput } from './retrain-test-workflows';

const COOLDOWN = 6 * HOUR;

describe('workflows/retrainWorkflow (dev server, MariaDB, I/O and ML workers)', function () {
  this.timeout(180_000);
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let workers: Workers;
  let a: SeededSeries;
  let b: SeededSeries;
  let asOf: number;
  let seededChampion: ModelVersionId;
  const monitoring = () => createMonitoringActivities({ db });
  const monitor = (overrides: Partial<MonitorInput> = {}): MonitorInput => ({
    asOf,
    thresholds: { rmse: 10, cooldownMs: COOLDOWN },
    mlTaskQueue: workers.mlQueue,
    kinds: [...TEST_KINDS] as unknown as MonitorInput['kinds'],
    ...overrides,
  });
  const runMonitor = (id: string, input: MonitorInput) =>
    env.client.workflow.execute(monitorAndRetrainWorkflow, {
      taskQueue: workers.ioQueue,
      workflowId: `${id}-${process.pid}-${Date.now()}`,
      args: [input],
    });

  before(async () => {
    ({ env, db, a, b, seeded: seededChampion } = await seedNabWorld('retrainwf'));
    asOf = Math.min(a.window.to, b.window.to);
    // a's champion is off by 25 for a day (RMSE 25 in CPU percent); b's is perfect.
    await driftChampion(db, a, asOf, 25);
    await driftChampion(db, b, asOf, 0);
    workers = await startWorkers(env, db, 'retrain', require.resolve('./retrain-test-workflows'));
  });
  after(async () => {
    await workers?.stop();
    await db?.drop();
  });

  it('finds breaches by absolute and by relative limits, with reasons, and refuses empty thresholds', async () => {
    const absolute = await monitoring().findBreaches({
      asOf,
      thresholds: { rmse: 10, cooldownMs: COOLDOWN },
    });
    assert.deepEqual(
      absolute.breaches.map((x) => x.seriesId),
      [a.id],
    );
    const [reason] = absolute.breaches[0]!.reasons;
    assert.equal(reason!.metric, 'rmse');
    assert.equal(reason!.basis, 'absolute');
    assert.ok(Math.abs(reason!.value - 25) < 1e-6, `RMSE ${reason!.value}`);
    assert.match(reason!.text, /^24h RMSE 25\.0 > limit 10\.0$/);
    const relative = await monitoring().findBreaches({
      asOf,
      thresholds: { rmseRatio: 3, maseRatio: 3, cooldownMs: COOLDOWN },
    });
    assert.deepEqual(
      relative.breaches.map((x) => x.seriesId),
      [a.id],
    );
    const metrics = relative.breaches[0]!.reasons.map((r) => `${r.metric}/${r.basis}`);
    assert.deepEqual(metrics, ['rmse/relative', 'mase/relative']);
    assert.match(relative.breaches[0]!.reasons[0]!.text, /validation RMSE/);
    assert.equal(relative.deferred, 0);
    const tooFew = await monitoring().findBreaches({
      asOf,
      thresholds: { rmse: 10, minSamples: 10_000, cooldownMs: 0 },
    });
    assert.deepEqual(tooFew.breaches, []);
    await assert.rejects(
      monitoring().findBreaches({ asOf, thresholds: { cooldownMs: 0 } }),
      (e: unknown) =>
        e instanceof ApplicationFailure && e.nonRetryable && /set at least one of rmse, mase/.test(e.message),
    );
  });

  it('starts exactly one retrain for a breach requested twice at once, and records the decision', async () => {
    // Two monitors at once, each asking twice within one workflow task.
    const [first, second] = await Promise.all([
      runMonitor('monitor-a', monitor({ attempts: 2 })),
      runMonitor('monitor-b', monitor({ attempts: 2 })),
    ]);
    const started = [...first.started, ...second.started];
    assert.deepEqual(started, [`retrain/${a.id}`]);
    // Four requests, one retrain: the winner's twin was refused by Temporal (same workflow id, still
    // running); the other monitor's two were refused too, or it saw the running decision and never asked.
    const refused = [...first.alreadyRunning, ...second.alreadyRunning];
    const blocked = [...first.suppressed, ...second.suppressed];
    assert.ok(refused.every((id) => id === `retrain/${a.id}`));
    assert.ok(blocked.every((x) => x.seriesId === a.id && x.why === 'running'));
    assert.ok(
      (refused.length === 3 && blocked.length === 0) || (refused.length === 1 && blocked.length === 1),
      JSON.stringify({ first, second }),
    );
    const handle = env.client.workflow.getHandle<typeof retrainWorkflow>(`retrain/${a.id}`);
    const result: RetrainResult = await handle.result();
    recordHistory('retrain-threshold', handle, env.address);

    const decisions = await listDecisions(db, { seriesIds: [a.id] });
    assert.equal(decisions.length, 1);
    const [decision] = decisions;
    assert.equal(decision!.status, result.status);
    assert.equal(decision!.reason, 'threshold');
    assert.equal(decision!.explanation, result.explanation);
    assert.equal(decision!.championBeforeId, seededChampion);
    const champion = (await getAlias(db, keyOf(a.id), 'champion'))!.id;
    assert.equal(decision!.championAfterId, champion);
    assert.equal(decision!.challengerVersionId, result.challengerVersionId);
    assert.equal(result.status === 'promoted', champion !== seededChampion);
    assert.match(result.explanation, result.status === 'promoted' ? /^promoted / : /^kept champion /);
    assert.deepEqual((decision!.trigger as { type: string }).type, 'threshold');
    // Training ran on the ML queue with the decision's keys: one run per kind (and the combination) under retrain/<id>/<nominal time>.
    const runs = await listRuns(db, { seriesId: a.id });
    const prefix = `retrain/${a.id}/${new Date(asOf).toISOString()}`;
    // The served combination of the kinds (decideServing's default) is recorded as a run too.
    const expected = [...TEST_KINDS, 'combination'].map((k) => `${prefix}/${k}`);
    assert.deepEqual(runs.map((r) => r.runId).sort(), expected.sort());

    // The Web UI shows the outcome: search attributes and memo.
    const described = await handle.describe();
    assert.equal(described.typedSearchAttributes.get(MetricastSeries), String(a.id));
    assert.equal(described.typedSearchAttributes.get(MetricastKind), result.selectedKind);
    const memo = described.memo as { decision: { status: string; explanation: string }; trigger: string };
    assert.equal(memo.decision.status, result.status);
    assert.equal(memo.decision.explanation, result.explanation);
    assert.match(memo.trigger, /24h RMSE 25\.0 > limit 10\.0/);
  });

  it('leaves a series in its cooldown alone, though its champion still breaches', async () => {
    const later = asOf + HOUR;
    await driftChampion(db, a, later, 25);
    const result = await runMonitor('monitor-cooldown', monitor({ asOf: later }));
    assert.deepEqual(result.started, []);
    assert.deepEqual(
      result.suppressed.map((s) => [s.seriesId, s.why, s.workflowId]),
      [[a.id, 'cooldown', `retrain/${a.id}`]],
    );
    assert.equal((await listDecisions(db, { seriesIds: [a.id] })).length, 1);
    // Without the cooldown the same aggregates breach: the cooldown is what held it back.
    const open = await monitoring().findBreaches({ asOf: later, thresholds: { rmse: 10, cooldownMs: 0 } });
    assert.deepEqual(
      open.breaches.map((x) => x.seriesId),
      [a.id],
    );
  });

  it('defers the lesser breaches past the limit, and leaves a series with a running retrain alone', async () => {
    const later = asOf + HOUR;
    // b is off by 15 for the day before `later`, a (since the cooldown test) by 25: a is worse.
    await driftChampion(db, b, later, 15);
    const thresholds = { rmse: 10, cooldownMs: 0 };
    const capped = await monitoring().findBreaches({ asOf: later, thresholds, limit: 1 });
    assert.deepEqual([capped.breaches.map((x) => x.seriesId), capped.deferred], [[a.id], 1]);
    const running = { seriesId: b.id, workflowId: `retrain/${b.id}`, reason: 'forced' } as const;
    const trigger = { type: 'forced' };
    const decision = { ...running, trigger, championBeforeId: null };
    await startDecision(db, { ...decision, attemptKey: 'stale', startedAt: later - 7 * HOUR });
    const stale = await monitoring().findBreaches({ asOf: later, thresholds, seriesIds: [b.id] });
    assert.deepEqual(
      stale.breaches.map((x) => x.seriesId),
      [b.id],
      'a retrain running for longer than its timeout died: it no longer blocks',
    );
    await startDecision(db, { ...decision, attemptKey: 'fresh', startedAt: later - HOUR });
    const blocked = await monitoring().findBreaches({ asOf: later, thresholds, seriesIds: [b.id] });
    assert.deepEqual(blocked.breaches, []);
    assert.deepEqual(
      blocked.suppressed.map((x) => x.why),
      ['running'],
    );
  });

  it('records a failed decision, with the reason, when training refuses the data', async () => {
    const handle = await env.client.workflow.start(retrainWorkflow, {
      taskQueue: workers.ioQueue,
      workflowId: `retrain-fail-${process.pid}-${Date.now()}`,
      args: [
        {
          seriesId: b.id,
          granularity: '1h',
          nominalTime: Date.UTC(2000, 0, 1),
          trigger: { type: 'forced', reason: 'test: no data in 2000' },
          kinds: ['naive'],
          mlTaskQueue: workers.mlQueue,
        },
      ],
    });
    await assert.rejects(handle.result(), WorkflowFailedError);
    recordHistory('retrain-failed', handle, env.address);
    const decisions = await listDecisions(db, { seriesIds: [b.id], status: 'failed' });
    assert.equal(decisions.length, 1);
    assert.match(
      decisions[0]!.explanation!,
      /^training failed: .*must hold at least \d+ 1h points without a gap longer than 6 hours/,
    );
    const memo = (await handle.describe()).memo as { decision: { status: string } };
    assert.equal(memo.decision.status, 'failed');
  });
});
