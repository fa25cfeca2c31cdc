import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { parseLimitSpec } from '../../src/alerts';
import { listAlerts, outboxCounts, upsertLimit } from '../../src/db';
import { createMailer } from '../../src/mail';
import { forecastCycleWorkflow, type ForecastCycleInput } from '../../src/workflows';
import { recordHistory } from '../support/histories';
import { sharedTemporalEnv } from '../support/temporal-env';
import { createTestDb, type TestDb } from '../support/test-db';
import { NOMINAL, seedCycleDb } from '../workflows/cycle-fixtures';
import { startTestSmtp, type TestSmtp } from './smtp-fixture';

const HOUR = 3_600_000;
const cleaning = {
  stepMs: 300_000,
  maxGapMs: 1_800_000,
  minCoverage: 0.8,
  dropPatterns: ['error', 'packet'],
};
const noCloudWatch = { fetch: () => Promise.reject(new Error('no CloudWatch in this test')) };

describe('workflows/forecastCycleWorkflow alert steps (Temporal, MariaDB, SMTP server)', function () {
  this.timeout(240_000);
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let smtp: TestSmtp;
  let stop: () => Promise<void>;
  const queues = { io: `test-alerts-io-${process.pid}`, ml: `test-alerts-ml-${process.pid}` };

  before(async () => {
    env = await sharedTemporalEnv();
    db = await createTestDb('alertcycle');
    smtp = await startTestSmtp();
    await seedCycleDb(db, 2);
    const mailer = createMailer({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      user: '',
      password: '',
    });
    const alertMail = {
      mailer,
      from: 'alerts@example.com',
      to: ['ops@example.com'],
      intervalMinutes: 0,
      scope: 'test',
    };
    const activities = createActivities({ db, cleaning, cloudwatch: noCloudWatch, alertMail });
    const workflowsPath = require.resolve('../../src/workflows');
    const io = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: queues.io,
      workflowsPath,
      activities,
    });
    const ml = await Worker.create({ connection: env.nativeConnection, taskQueue: queues.ml, activities });
    const running = Promise.all([io.run(), ml.run()]);
    stop = async () => {
      io.shutdown();
      ml.shutdown();
      await running;
    };
  });
  after(async () => {
    await stop?.();
    await smtp?.stop();
    await db?.drop();
  });

  const start = (nominalTime: number, id: string) =>
    env.client.workflow.start(forecastCycleWorkflow, {
      taskQueue: queues.io,
      workflowId: `test-alerts-cycle/${id}/${Date.now()}`,
      args: [{ nominalTime, mlTaskQueue: queues.ml, followRecords: false } satisfies ForecastCycleInput],
    });
  const setLimit = (threshold: number) =>
    upsertLimit(
      db,
      parseLimitSpec({ metricPattern: 'CPUUtilization', threshold, direction: 'above', alsoActuals: false }),
    );

  it('alerts and mails once per crossing; with the SMTP server down the cycle still completes, and the mail goes out once it is back', async () => {
    // Every upper95 band of the two champions' forecasts is above 0: both cross at the first step,
    // the interval after the one under way at the cycle's hour (lead 60 minutes).
    await setLimit(0);
    const first = await start(NOMINAL, 'first');
    const summary = await first.result();
    recordHistory('forecast-cycle-alerts', first, env.address);
    assert.deepEqual(summary.alerts, {
      evaluation: { limits: 1, checked: 2, opened: 2, refreshed: 0, resolved: 0, inCooldown: 0 },
      delivery: { configured: true, claimed: 2, mailsSent: 2, notificationsSent: 2, pending: 0 },
    });
    const open = await listAlerts(db, { state: 'open' });
    assert.deepEqual(
      open.map((a) => [a.leadMinutes, a.crossingAt]),
      [
        [60, NOMINAL + HOUR],
        [60, NOMINAL + HOUR],
      ],
    );
    assert.equal(smtp.messages.length, 2);

    // The same hour again: the alerts are refreshed, nothing is opened or mailed twice.
    const again = await (await start(NOMINAL, 'again')).result();
    assert.equal(again.alerts?.evaluation?.opened, 0);
    assert.equal(again.alerts?.delivery?.mailsSent, 0);
    assert.equal(smtp.messages.length, 2);

    // The limit rises out of reach while the server is down: both alerts resolve, the mail waits.
    await setLimit(1e9);
    await smtp.stop();
    const down = await start(NOMINAL + HOUR, 'down');
    const downSummary = await down.result();
    assert.equal(downSummary.alerts?.evaluation?.resolved, 2);
    assert.match(downSummary.alerts?.deliveryError ?? '', /ECONNREFUSED/);
    assert.equal(downSummary.alerts?.delivery, undefined);
    assert.equal(downSummary.forecast.forecast, 2, 'the cycle itself completed');
    assert.deepEqual(await deliveryAttempts(down.workflowId), [3], 'Temporal retried the delivery');
    assert.deepEqual(await outboxCounts(db), { queued: 0, claimed: 2, sent: 2 });

    await smtp.start();
    const back = await (await start(NOMINAL + 2 * HOUR, 'back')).result();
    assert.equal(back.alerts?.delivery?.mailsSent, 2);
    const backAgain = await (await start(NOMINAL + 2 * HOUR, 'back-again')).result();
    assert.equal(backAgain.alerts?.delivery?.mailsSent, 0);
    assert.equal(smtp.messages.length, 4);
    assert.deepEqual(
      smtp.messages.map((m) => /^\[metricast\] (ALERT|resolved)/.exec(m.subject ?? '')?.[1]),
      ['ALERT', 'ALERT', 'resolved', 'resolved'],
    );
    assert.deepEqual(await outboxCounts(db), { queued: 0, claimed: 0, sent: 4 });
  });

  /** The attempt numbers of the cycle's deliverAlerts activities, from its history. */
  async function deliveryAttempts(workflowId: string): Promise<number[]> {
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const events = history.events ?? [];
    const scheduled = new Set(
      events
        .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'deliverAlerts')
        .map((e) => Number(e.eventId)),
    );
    return events.flatMap((e) => {
      const started = e.activityTaskStartedEventAttributes;
      return started && scheduled.has(Number(started.scheduledEventId)) ? [started.attempt ?? 0] : [];
    });
  }
});
