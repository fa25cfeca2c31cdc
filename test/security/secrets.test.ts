import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { forecastCycleWorkflow } from '../../src/workflows';
import { freePort, startMoto, type MotoServer } from '../ingest/support/moto-server';
import { sharedTemporalEnv } from '../support/temporal-env';
import { baseDbSettings, createTestDb, type TestDb } from '../support/test-db';
import { NOMINAL, seedCycleDb } from '../workflows/cycle-fixtures';
import { allHistoriesText } from './history-text';
import { startProcess, stop } from './processes';

const NAB = path.resolve(__dirname, '../../data/nab/realAWSCloudwatch');

/** Where each secret turned up, as `secret name in place`. */
function leaks(secrets: Record<string, string>, places: Record<string, string>): string[] {
  return Object.entries(secrets).flatMap(([name, value]) =>
    Object.entries(places)
      .filter(([, text]) => text.includes(value))
      .map(([place]) => `${name} in ${place}`),
  );
}

/**
 * Runs the real processes (a worker doing an ingest and a forecast cycle, the CLI, the API server)
 * with distinctive secrets configured, at debug log level, and finds none of the secrets in their
 * output, in the HTTP answers, or in any workflow history of the namespace.
 */
describe('security: secrets never reach logs, answers or workflow histories', function () {
  this.timeout(300_000);
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let moto: MotoServer;
  const suffix = randomBytes(12).toString('hex');
  const secrets = {
    // The worker must reach MariaDB, so the database password is the real (generated) one.
    dbPassword: baseDbSettings().password,
    apiToken: `sec-api-token-${suffix}`,
    smtpPassword: `sec-smtp-password-${suffix}`,
    awsSecretKey: `sec-aws-secret-${suffix}`,
  };
  const queues = { io: `test-secrets-io-${process.pid}`, ml: `test-secrets-ml-${process.pid}` };
  const places: Record<string, string> = {};
  let processEnv: Record<string, string>;

  before(async () => {
    assert.ok(secrets.dbPassword.length >= 8, 'the database password is too short to scan for');
    env = await sharedTemporalEnv();
    db = await createTestDb('secrets');
    await seedCycleDb(db, 2);
    moto = await startMoto();
    processEnv = {
      METRICAST_CONFIG: '',
      METRICAST_LOG_LEVEL: 'debug',
      METRICAST_TEMPORAL_ADDRESS: env.address,
      METRICAST_IO_TASK_QUEUE: queues.io,
      METRICAST_ML_TASK_QUEUE: queues.ml,
      METRICAST_DB_DATABASE: db.settings.database,
      METRICAST_DB_PASSWORD: secrets.dbPassword,
      METRICAST_API_TOKEN: secrets.apiToken,
      METRICAST_SMTP_PASSWORD: secrets.smtpPassword,
      METRICAST_WORKER_PROMETHEUS: '',
      // CloudWatch is real (moto): the cycle's ingest step signs its requests with this key.
      METRICAST_AWS_ENDPOINT: moto.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIASECURITYTEST0001',
      AWS_SECRET_ACCESS_KEY: secrets.awsSecretKey,
    };
  });
  after(async () => {
    await moto?.stop();
    await db?.drop();
  });

  it('runs a worker through an ingest (started by the CLI) and a forecast cycle', async () => {
    const worker = startProcess('node-tsx', ['src/workers/main.ts'], processEnv);
    try {
      await worker.waitFor('worker: polling');
      const dir = mkdtempSync(path.join(tmpdir(), 'metricast-secrets-'));
      copyFileSync(
        path.join(NAB, 'ec2_cpu_utilization_5f5533.csv'),
        path.join(dir, 'ec2_cpu_utilization_5f5533.csv'),
      );
      const cli = startProcess(
        'cli',
        ['ingest', '--source', 'file', '--path', dir, '--duplicates', 'keep-last'],
        processEnv,
      );
      assert.equal(await cli.exited(), 0, cli.output());
      places['CLI output'] = cli.output();
      const summary = await env.client.workflow.execute(forecastCycleWorkflow, {
        taskQueue: queues.io,
        workflowId: `test-secrets-cycle/${suffix}`,
        args: [{ nominalTime: NOMINAL, mlTaskQueue: queues.ml }],
      });
      assert.ok(summary, 'the cycle returned a summary');
    } finally {
      await stop(worker);
    }
    places['worker output'] = worker.output();
    // The scanned log is the real one: it shows the secrets as set, and redacted.
    assert.match(worker.output(), /"apiToken":"<set>"/);
    assert.match(worker.output(), /"password":"<set>"/);
  });

  it('serves the API and dashboard to tokens and sessions without echoing a token', async () => {
    const port = await freePort();
    const api = startProcess('node-tsx', ['src/api/main.ts'], {
      ...processEnv,
      METRICAST_API_HOST: '127.0.0.1',
      METRICAST_API_PORT: String(port),
    });
    const base = `http://127.0.0.1:${port}`;
    const answers: string[] = [];
    const call = async (url: string, init: RequestInit = {}) => {
      const response = await fetch(`${base}${url}`, { redirect: 'manual', ...init });
      // The session cookie is the token by design (HttpOnly, set by POST /login): every other header is scanned.
      const headers = [...response.headers].filter(([name]) => name !== 'set-cookie');
      answers.push(`${response.status} ${JSON.stringify(headers)} ${await response.text()}`);
      return response;
    };
    try {
      await api.waitFor('api: listening');
      const bearer = { authorization: `Bearer ${secrets.apiToken}` };
      assert.equal((await call('/api/v1/series', { headers: bearer })).status, 200);
      // A wrong token that contains the right one must not be echoed either.
      const wrong = await call('/api/v1/series', {
        headers: { authorization: `Bearer ${secrets.apiToken}x` },
      });
      assert.equal(wrong.status, 401);
      const login = await call('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: secrets.apiToken }).toString(),
      });
      const cookie = login.headers.get('set-cookie')?.split(';')[0];
      assert.ok(cookie, 'POST /login set a session cookie');
      assert.equal((await call('/', { headers: { cookie, accept: 'text/html' } })).status, 200);
      await call('/api/v1/forecast', {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'text/csv' },
        body: 'timestamp,value\n2014-02-14 14:30:00,abc\n',
      });
    } finally {
      await stop(api);
    }
    places['API output'] = api.output();
    places['API answers'] = answers.join('\n');
    assert.match(api.output(), /api: listening/);
  });

  it('finds no secret in any output, answer or workflow history of the namespace', async () => {
    const histories = await allHistoriesText(env.client);
    assert.ok([...histories.keys()].some((k) => k.startsWith(`test-secrets-cycle/${suffix}/`)));
    assert.ok([...histories.keys()].some((k) => k.startsWith('ingest/file/')));
    for (const [id, text] of histories) places[`history ${id}`] = text;
    // Payloads are decoded before the scan: the cycle's input (its ML task queue) is visible in its history.
    const cycle = [...histories].find(([k]) => k.startsWith(`test-secrets-cycle/${suffix}/`))?.[1];
    assert.ok(cycle?.includes(queues.ml), 'workflow payloads were not decoded');
    assert.deepEqual(leaks(secrets, { probe: `x${secrets.apiToken}y` }), ['apiToken in probe']);
    assert.ok(Object.keys(places).length >= 6, `scanned only ${Object.keys(places).join(', ')}`);
    assert.deepEqual(leaks(secrets, places), []);
  });
});
