import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { forceRetrain, toForceRetrainRequest } from '../../src/client/commands/retrain';
import { getAlias, listDecisions } from '../../src/db';
import type { ModelVersionId, SeriesId } from '../../src/shared';
import {
  forceRetrainSignal,
  getModelManagerStateQuery,
  modelManagerWorkflow,
  MODEL_MANAGER_WORKFLOW_ID,
  type ForceRetrainRequest,
  type ModelManagerState,
} from '../../src/workflows';
import { recordHistory } from '../support/histories';
import type { TestDb } from '../support/test-db';
import {
  keyOf,
  seedNabWorld,
  startWorkers,
  TEST_KINDS,
  type SeededSeries,
  type Workers,
} from './retrain-fixtures';

const kinds = [...TEST_KINDS];
const run = promisify(execFile);

describe('workflows/modelManagerWorkflow (dev server, MariaDB, I/O and ML workers)', function () {
  this.timeout(180_000);
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let workers: Workers;
  let a: SeededSeries;
  let b: SeededSeries;
  let seeded: ModelVersionId;
  const send = (request: ForceRetrainRequest) =>
    forceRetrain(env.client, request, { taskQueue: workers.ioQueue, mlTaskQueue: workers.mlQueue });
  /** `metricast retrain …` in a child process (asynchronously: this process runs the workers). */
  const cli = async (args: string[]) => {
    const childEnv = {
      ...process.env,
      METRICAST_TEMPORAL_ADDRESS: env.address,
      METRICAST_IO_TASK_QUEUE: workers.ioQueue,
      METRICAST_ML_TASK_QUEUE: workers.mlQueue,
      // The CLI looks series names up in the database: this test's, not the default one.
      METRICAST_DB_DATABASE: db.settings.database,
    };
    const out = await run(path.resolve('bin/metricast'), ['retrain', ...args], {
      env: childEnv,
      timeout: 60_000,
    });
    return JSON.parse(out.stdout) as { workflowId: string; runId: string };
  };
  const manager = () => env.client.workflow.getHandle(MODEL_MANAGER_WORKFLOW_ID);
  const terminateManager = () =>
    manager()
      .terminate('test cleanup')
      .catch(() => undefined);

  /** Polls the manager's query until `ready` holds; fails after 90 s with the last state seen. */
  async function waitFor(ready: (s: ModelManagerState) => boolean): Promise<ModelManagerState> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const state = await manager()
        .query(getModelManagerStateQuery)
        .catch(() => undefined);
      if (state && ready(state)) return state;
      assert.ok(Date.now() < deadline, `state not reached: ${JSON.stringify(state)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const settled = (s: ModelManagerState, handled: number, ids: readonly SeriesId[]) =>
    s.requestsHandled >= handled &&
    s.pending.length === 0 &&
    ids.every((id) => !['running', undefined].includes(s.lastRetrain[id]?.status));

  before(async () => {
    // a's champion is seasonal naive, which naive beats on this series: its retrain promotes.
    ({ env, db, a, b, seeded } = await seedNabWorld('managerwf', 'seasonal-naive'));
    workers = await startWorkers(env, db, 'manager');
    // One manager per server: a run left by an earlier file would be polled on another queue.
    await terminateManager();
  });
  after(async () => {
    await terminateManager();
    await workers?.stop();
    await db?.drop();
  });

  it('validates the CLI flags, naming flag and value', () => {
    assert.deepEqual(toForceRetrainRequest({ series: '3, 5', reason: 'drift' }), {
      seriesFilter: { ids: [3, 5] },
      kinds: undefined,
      reason: 'drift',
    });
    assert.deepEqual(toForceRetrainRequest({ series: 'CPUUtilization', kinds: 'ets,naive', reason: 'r' }), {
      seriesFilter: { nameContains: 'CPUUtilization' },
      kinds: ['ets', 'naive'],
      reason: 'r',
    });
    assert.throws(
      () => toForceRetrainRequest({ reason: 'r' }),
      /--series must be series ids .*got undefined/,
    );
    assert.throws(
      () => toForceRetrainRequest({ series: '1', kinds: 'ets,gpt', reason: 'r' }),
      /--kinds must be distinct kinds among naive, .* \(gpt is not\), got "ets,gpt"/,
    );
    assert.throws(
      () => toForceRetrainRequest({ series: '1', kinds: 'ets,ets', reason: 'r' }),
      /--kinds must be distinct kinds .*got "ets,ets"/,
    );
    assert.throws(
      () => toForceRetrainRequest({ series: '1', reason: '  ' }),
      /--reason must be 1 to 1000 characters, got " {2}"/,
    );
  });

  it('takes two requests by signal-with-start (API and CLI) into one manager and shows the outcome by query', async () => {
    const [first, second] = await Promise.all([
      send({ seriesFilter: { ids: [a.id] }, kinds, reason: 'test: first request' }),
      // naive alone is served as itself, and cannot beat b's naive champion: the kept branch.
      cli(['--series', b.name, '--kinds', 'naive', '--reason', 'test: second request']),
    ]);
    assert.equal(first.workflowId, MODEL_MANAGER_WORKFLOW_ID);
    assert.equal(second.workflowId, MODEL_MANAGER_WORKFLOW_ID);
    assert.equal(first.runId, second.runId, 'both signals reached the same run');
    assert.equal((await manager().describe()).runId, first.runId);

    const state = await waitFor((s) => settled(s, 2, [a.id, b.id]));
    assert.equal(state.requestsHandled, 2);
    // a's new champion is the promoted challenger (the served combination); b's naive champion was kept against its equal.
    assert.equal(state.lastRetrain[a.id]!.status, 'promoted');
    assert.equal(state.champions[a.id], state.lastRetrain[a.id]!.challengerVersionId);
    assert.notEqual(state.champions[a.id], seeded);
    assert.match(state.lastRetrain[a.id]!.explanation!, /^promoted ensemble version \d+ over champion \d+: /);
    assert.equal(state.lastRetrain[b.id]!.status, 'kept');
    assert.match(
      state.lastRetrain[b.id]!.explanation!,
      /does not beat it: evaluation MASE [\d.]+ against champion \d+'s/,
    );
    for (const [series, reason] of [
      [a, 'test: first request'],
      [b, 'test: second request'],
    ] as const) {
      const champion = (await getAlias(db, keyOf(series.id), 'champion'))!.id;
      assert.equal(state.champions[series.id], champion);
      const [decision, ...more] = await listDecisions(db, { seriesIds: [series.id] });
      assert.equal(more.length, 0);
      const last = state.lastRetrain[series.id]!;
      assert.equal(last.workflowId, `retrain/${series.id}`);
      assert.equal(last.reason, reason);
      assert.equal(last.status, decision!.status);
      assert.equal(last.explanation, decision!.explanation);
      assert.equal(decision!.championAfterId, champion);
      assert.deepEqual(decision!.trigger, { type: 'forced', reason });
    }
  });

  it('starts one retrain for two requests naming the same series at once', async () => {
    const before = (await listDecisions(db, { seriesIds: [a.id] })).length;
    await Promise.all([
      send({ seriesFilter: { ids: [a.id] }, kinds, reason: 'test: twice' }),
      send({ seriesFilter: { nameContains: a.name }, kinds, reason: 'test: twice' }),
    ]);
    await waitFor((s) => settled(s, 4, [a.id]));
    assert.equal((await listDecisions(db, { seriesIds: [a.id] })).length, before + 1);
  });

  it('exits 2 naming the flag and value when `metricast retrain` is given a bad one', async () => {
    await assert.rejects(cli(['--series', '1', '--kinds', 'gpt', '--reason', 'x']), (e: unknown) => {
      const failed = e as { code: number; stderr: string };
      assert.equal(failed.code, 2);
      assert.match(
        failed.stderr,
        /^metricast: --kinds must be distinct kinds among .* \(gpt is not\), got "gpt"/,
      );
      return true;
    });
  });

  it('refuses a filter that names nothing, and keeps going', async () => {
    await send({ seriesFilter: {}, reason: 'test: empty filter' });
    const state = await waitFor((s) => s.requestsHandled >= 5);
    assert.match(state.refused.at(-1)!.error, /seriesFilter must name ids or a nameContains substring/);
    // A manager never ends: its history so far, four requests and their retrains, is the fixture.
    recordHistory('model-manager-requests', manager(), env.address);
  });

  it('continues as new after its requests per run, carrying what it knows and what is queued', async () => {
    await terminateManager();
    const start = (request: ForceRetrainRequest) =>
      env.client.workflow.signalWithStart(modelManagerWorkflow, {
        workflowId: MODEL_MANAGER_WORKFLOW_ID,
        taskQueue: workers.ioQueue,
        args: [{ mlTaskQueue: workers.mlQueue, kinds, requestsPerRun: 1 }],
        signal: forceRetrainSignal,
        signalArgs: [request],
      });
    const first = await start({ seriesFilter: { ids: [b.id] }, reason: 'test: run one' });
    await start({ seriesFilter: { ids: [a.id] }, reason: 'test: run two' });
    const state = await waitFor(
      (s) => settled(s, 2, [a.id, b.id]) && s.lastRetrain[a.id]!.reason === 'test: run two',
    );
    assert.equal(state.lastRetrain[b.id]!.reason, 'test: run one', 'carried from the first run');
    assert.notEqual((await manager().describe()).runId, first.signaledRunId);
  });
});
