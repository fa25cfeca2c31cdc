import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { MODEL_MANAGER_WORKFLOW_ID } from '../../src/workflows';
import type { TestDb } from '../support/test-db';
import { seedNabWorld, startWorkers, type SeededSeries, type Workers } from '../workflows/retrain-fixtures';
import { errorOf, postJson, startApi, type ApiHarness } from './support';

interface Decision {
  seriesId: number;
  reason: string;
  status: string;
  trigger: { type: string; reason: string };
  explanation: string | null;
}

describe('api POST /series/:id/retrain (dev server, MariaDB, I/O and ML workers)', function () {
  this.timeout(180_000);
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let workers: Workers;
  let api: ApiHarness;
  let a: SeededSeries;
  const terminateManager = () =>
    env.client.workflow
      .getHandle(MODEL_MANAGER_WORKFLOW_ID)
      .terminate('test cleanup')
      .catch(() => undefined);

  before(async () => {
    ({ env, db, a } = await seedNabWorld('apiretrain'));
    workers = await startWorkers(env, db, 'apiretrain');
    // One manager per server: a run left by an earlier file would be polled on another queue.
    await terminateManager();
    api = await startApi(db, {
      temporal: env.client,
      queues: { ioTaskQueue: workers.ioQueue, mlTaskQueue: workers.mlQueue },
    });
  });
  after(async () => {
    if (env) await terminateManager();
    await api?.close();
    await workers?.stop();
    await db?.drop();
  });

  it('validates the request body before signalling', async () => {
    const kinds = await errorOf(
      await api.call(
        `/api/v1/series/${a.id}/retrain`,
        postJson({ reason: 'x', kinds: ['gpt'] }, api.tokens.admin),
      ),
    );
    assert.deepEqual([kinds.field, kinds.value], ['body.kinds[0]', 'gpt']);
    const blank = await errorOf(
      await api.call(`/api/v1/series/${a.id}/retrain`, postJson({ reason: '   ' }, api.tokens.admin)),
    );
    assert.deepEqual([blank.field, blank.value], ['body.reason', '   ']);
    const missing = await api.call(
      '/api/v1/series/999999/retrain',
      postJson({ reason: 'x' }, api.tokens.admin),
    );
    assert.equal(missing.status, 404);
  });

  it('signals the model manager with forceRetrain and the decision shows up in /decisions', async () => {
    const response = await api.call(
      `/api/v1/series/${a.id}/retrain`,
      postJson({ reason: 'test: from the API', kinds: ['naive'] }, api.tokens.admin),
    );
    assert.equal(response.status, 202, await response.clone().text());
    const sent = (await response.json()) as { workflowId: string; runId: string; seriesId: number };
    assert.equal(sent.workflowId, MODEL_MANAGER_WORKFLOW_ID);
    assert.equal(sent.seriesId, a.id);
    assert.equal(
      (await env.client.workflow.getHandle(MODEL_MANAGER_WORKFLOW_ID).describe()).runId,
      sent.runId,
    );

    const deadline = Date.now() + 150_000;
    let decision: Decision | undefined;
    for (;;) {
      const listed = (await (await api.call(`/api/v1/decisions?series=${a.id}`)).json()) as {
        decisions: Decision[];
      };
      decision = listed.decisions[0];
      if (decision && decision.status !== 'running') break;
      assert.ok(Date.now() < deadline, `no finished decision yet: ${JSON.stringify(listed)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(decision.reason, 'forced');
    assert.deepEqual(decision.trigger, { type: 'forced', reason: 'test: from the API' });
    assert.ok(['promoted', 'kept'].includes(decision.status), JSON.stringify(decision));
    assert.ok(decision.explanation);
  });
});
