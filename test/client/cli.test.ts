import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { toIngestInput, ingestWorkflowId } from '../../src/client/commands/ingest';
import { createTestDb, type TestDb } from '../support/test-db';

function cli(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(path.resolve('bin/metricast'), args, {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('client/metricast CLI', function () {
  this.timeout(120_000);
  const config = loadConfig({ env: {} });

  it('names the flag and the value when an argument is wrong', () => {
    assert.throws(
      () => toIngestInput({ source: 's3' }, config),
      /--source must be one of file, cloudwatch, prometheus, replay, got "s3"/,
    );
    assert.throws(
      () => toIngestInput({ source: 'cloudwatch', from: 'yesterday', to: '2026-01-01' }, config),
      /--from must be an ISO-8601 time.*got "yesterday"/,
    );
    assert.throws(
      () => toIngestInput({ source: 'cloudwatch', from: '2026-01-02', to: '2026-01-01' }, config),
      /--to must be later than --from/,
    );
    assert.throws(
      () => toIngestInput({ source: 'file' }, config),
      /--path must be a CSV or JSON file, or a folder of them, got undefined/,
    );
    assert.throws(
      () => toIngestInput({ source: 'file', path: 'x', duplicates: 'drop' }, config),
      /--duplicates must be one of reject, keep-last, got "drop"/,
    );
    const range = { from: '2026-01-01T00:00', to: '2026-01-01T02:00' };
    assert.throws(
      () => toIngestInput({ source: 'prometheus', ...range }, config),
      /--source must be used with prometheus\.url set \(METRICAST_PROMETHEUS_URL\), got "prometheus"/,
    );
    const withProm = loadConfig({ env: { METRICAST_PROMETHEUS_URL: 'http://127.0.0.1:9090' } });
    assert.throws(
      () => toIngestInput({ source: 'prometheus', ...range, instances: 'i-1' }, withProm),
      /--instances must be left out: it applies to CloudWatch only, got "i-1"/,
    );
    const prom = toIngestInput({ source: 'prometheus', ...range }, withProm);
    assert.equal(
      ingestWorkflowId(prom),
      'ingest/prometheus/2026-01-01T00:00:00.000Z..2026-01-01T02:00:00.000Z',
    );
  });

  it('maps the same request to the same workflow id, so a repeat attaches instead of doubling work', () => {
    const a = toIngestInput(
      { source: 'cloudwatch', from: '2026-01-01T00:00', to: '2026-01-03T00:00' },
      config,
    );
    assert.equal(ingestWorkflowId(a), 'ingest/cloudwatch/2026-01-01T00:00:00.000Z..2026-01-03T00:00:00.000Z');
    assert.equal(
      ingestWorkflowId(toIngestInput({ source: 'file', path: 'data' }, config)),
      ingestWorkflowId(toIngestInput({ source: 'file', path: './data/' }, config)),
    );
  });

  it('exits 2 with the message alone for a bad flag or setting', () => {
    const bad = cli(['ingest', '--source', 'ftp']);
    assert.equal(bad.status, 2);
    assert.match(
      bad.stderr,
      /metricast: --source must be one of file, cloudwatch, prometheus, replay, got "ftp"/,
    );
    const setting = cli(['status'], { METRICAST_DB_PORT: 'ninety' });
    assert.equal(setting.status, 2);
    assert.match(setting.stderr, /setting db\.port \(from environment METRICAST_DB_PORT\).*got "ninety"/);
  });

  describe('with a database', () => {
    let db: TestDb;
    before(async () => (db = await createTestDb('cli')));
    after(async () => db.drop());

    it('ingests a file directly and status counts its series and points per granularity', () => {
      const env = { METRICAST_DB_DATABASE: db.settings.database, METRICAST_TEMPORAL_ADDRESS: '127.0.0.1:1' };
      const ingest = cli(
        [
          'ingest',
          '--source',
          'file',
          '--path',
          'data/nab/realAWSCloudwatch/ec2_cpu_utilization_24ae8d.csv',
          '--direct',
        ],
        env,
      );
      assert.equal(ingest.status, 0, ingest.stderr);
      assert.equal((JSON.parse(ingest.stdout) as { series: number }).series, 1);
      const status = cli(['status', '--json'], env);
      // Temporal is unreachable on port 1: status says so and exits 1, but still counts MariaDB.
      assert.equal(status.status, 1);
      const report = JSON.parse(status.stdout) as {
        temporal: { up: boolean };
        granularities: Array<{ granularity: string; series: number; points: number }>;
      };
      assert.equal(report.temporal.up, false);
      assert.deepEqual(
        report.granularities.map((g) => [g.granularity, g.series]),
        [
          ['5m', 1],
          ['1h', 1],
        ],
      );
      assert.ok(report.granularities[0]!.points >= 4032);
    });
  });
});
