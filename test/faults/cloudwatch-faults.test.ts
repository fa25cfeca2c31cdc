import assert from 'node:assert/strict';
import { createActivities } from '../../src/activities';
import { loadConfig } from '../../src/config';
import type { Db } from '../../src/db';
import { buildActivityDeps } from '../../src/workers/dependencies';
import { startMoto, type MotoServer } from '../ingest/support/moto-server';
import {
  CREDENTIALS,
  INSTANCES,
  REGION,
  SLOTS,
  STEP,
  T0,
  seedCloudWatch,
  seededSeries,
} from '../ingest/support/seed-cloudwatch';
import { startPrivateTemporal, type PrivateTemporal } from '../support/private-temporal';
import { createTestDb, type TestDb } from '../support/test-db';
import { WorkerRig } from './support/fault-rig';
import { startScriptedProxy, type ScriptedProxy, type Step } from './support/scripted-proxy';
import { tally } from './support/tally';

/** The cycle whose two-hour ingest window is exactly the seeded data. */
const HOUR = T0 + SLOTS * STEP;
/** Small calls, so the faults land between pages of one window, as on a large fleet. */
const LIMITS = {
  METRICAST_CW_MAX_QUERIES: '5',
  METRICAST_CW_MAX_DATAPOINTS: '60',
  METRICAST_CW_MAX_ATTEMPTS: '3',
};
/**
 * Per GetMetricData call: throttled, then 503, then through; a call that never answers (the client's
 * request time-out); then three throttles in a row, which spend a call's attempts and fail the
 * activity, so Temporal retries the whole window over rows already written.
 */
const SCRIPT: Step[] = [
  'throttle',
  'unavailable',
  'pass',
  'hang',
  'pass',
  'throttle',
  'throttle',
  'throttle',
];

/** Every stored observation by series identity, so two databases compare whatever their ids. */
async function observations(db: Db): Promise<string> {
  const rows = await db.pool.query(
    `SELECT s.namespace, s.metric, s.host, s.granularity, o.ts, o.value, o.value_max, o.sample_count, o.revision
     FROM observations o JOIN series s ON s.id = o.series_id
     ORDER BY s.namespace, s.metric, s.host, s.granularity, o.ts`,
  );
  return JSON.stringify(rows);
}

describe('faults/CloudWatch throttling, 5xx and time-outs in the cycle ingest step', function () {
  this.timeout(10 * 60_000);
  let moto: MotoServer;
  let proxy: ScriptedProxy;
  let temporal: PrivateTemporal;
  let clean: TestDb;
  let faulted: TestDb;
  let worker: WorkerRig;
  const awsEnv = {
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_REGION: REGION,
  };
  const saved = { ...process.env };

  before(async () => {
    Object.assign(process.env, awsEnv);
    moto = await startMoto();
    await seedCloudWatch(moto.endpoint, seededSeries());
    proxy = await startScriptedProxy(moto.endpoint, 'GetMetricData', SCRIPT);
    temporal = await startPrivateTemporal();
    [clean, faulted] = [await createTestDb('faultscwclean'), await createTestDb('faultscw')];
    worker = new WorkerRig(
      temporal.client,
      {
        ...awsEnv,
        ...LIMITS,
        METRICAST_TEMPORAL_ADDRESS: temporal.address,
        METRICAST_DB_DATABASE: faulted.settings.database,
        METRICAST_AWS_ENDPOINT: proxy.endpoint,
        METRICAST_CW_INSTANCE_IDS: INSTANCES.join(','),
      },
      'cloudwatch',
    );
    await worker.start();
  });
  after(async () => {
    // The proxy first: it drops the held-open request, which would keep the worker process alive.
    await proxy?.close();
    await worker?.stop();
    await temporal?.dispose();
    await moto?.stop();
    await clean?.drop();
    await faulted?.drop();
    process.env = saved;
  });

  it('retries with backoff and stores exactly what a clean ingest stores', async () => {
    // The clean reference: the same activity with the same settings, straight at moto.
    const config = loadConfig({
      env: {
        ...process.env,
        ...LIMITS,
        METRICAST_AWS_ENDPOINT: moto.endpoint,
        METRICAST_CW_INSTANCE_IDS: INSTANCES.join(','),
      },
    });
    const deps = buildActivityDeps({ ...config, db: clean.settings });
    try {
      const reference = await createActivities(deps).ingestLatest({ asOf: HOUR });
      assert.equal(reference.series, seededSeries().length);
    } finally {
      await deps.close();
    }

    const result = await (await worker.startCycle(HOUR)).result();
    assert.equal(result.ingest.error, undefined);
    assert.equal(result.ingest.series, seededSeries().length);
    assert.deepEqual(proxy.applied.slice(0, SCRIPT.length), SCRIPT);
    assert.ok(proxy.applied.length > SCRIPT.length, 'calls went through after the faults');
    const [want, got] = [await observations(clean), await observations(faulted)];
    assert.ok(JSON.parse(want).length > 0);
    const same = want === got;
    tally.cycles += 1;
    if (!same) tally.otherViolations += 1;
    assert.equal(got, want);
    // The third throttle spent the call's attempts: Temporal ran the activity again over written rows.
    const history = await temporal.client.workflow
      .getHandle('forecast-cycle/2024-01-01T02:00Z')
      .fetchHistory();
    const attempts = history.events?.flatMap((e) => e.activityTaskStartedEventAttributes?.attempt ?? []);
    assert.ok((attempts?.[0] ?? 0) >= 2, `ingestLatest attempts ${JSON.stringify(attempts)}`);
  });
});
