// bench:ingest — points per second into MariaDB through the real ingestion path, for files, for
// CloudWatch (moto) and for Prometheus (a real server holding the --data files), with a naive
// row-at-a-time INSERT baseline and Prometheus' own answer time measured in the same run.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createIngestActivities, type IngestDeps } from '../src/activities/ingest';
import { cleanSeries, createCloudWatchSource, parseCsv } from '../src/ingest';
import { startMoto } from '../test/ingest/support/moto-server';
import { CREDENTIALS, REGION, seedCloudWatch, type Seeded } from '../test/ingest/support/seed-cloudwatch';
import { createTestDb, type TestDb } from '../test/support/test-db';
import { benchPrometheus, prometheusVersion } from './ingest-prometheus';
import { DEFAULT_DATA, flag, packageVersion, printHeader, result } from './support/header';
import { timeRounds as timeRoundsOf } from './support/rounds';

const cleaning = {
  stepMs: 300_000,
  maxGapMs: 1_800_000,
  minCoverage: 0.8,
  dropPatterns: ['error', 'packet'],
};
const ROUNDS = Number(flag('rounds', '3'));
const timeRounds = (db: TestDb, run: () => Promise<number>) => timeRoundsOf(db, ROUNDS, run);

function deps(db: TestDb, endpoint = 'http://127.0.0.1:1'): IngestDeps {
  const cloudwatch = createCloudWatchSource(
    {
      region: REGION,
      endpoint,
      instanceIds: [],
      ec2Namespace: 'AWS/EC2',
      ec2Metrics: ['CPUUtilization', 'NetworkIn', 'NetworkOut'],
      memoryNamespace: 'CWAgent',
      memoryMetric: 'mem_used_percent',
      periodSeconds: 300,
      maxQueriesPerCall: 500,
      maxDatapointsPerCall: 100_800,
      maxAttempts: 3,
    },
    { credentials: CREDENTIALS },
  );
  return { db, cleaning, cloudwatch };
}

/** The pipelines metricast replaces: one INSERT per point, one transaction per file. */
async function naiveInsert(db: TestDb, file: string): Promise<number> {
  const raw = parseCsv(readFileSync(file, 'utf8'), file, { duplicates: 'keep-last' });
  const { kept } = cleanSeries([raw], cleaning);
  const conn = await db.pool.getConnection();
  try {
    await conn.beginTransaction();
    for (const p of kept[0]?.points ?? []) {
      await conn.query(
        'INSERT INTO observations (series_id, ts, value) VALUES (1, ?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value)',
        [new Date(p.t), p.v],
      );
    }
    await conn.commit();
    return kept[0]?.points.length ?? 0;
  } finally {
    await conn.release();
  }
}

function syntheticSeries(instances: number, hours: number): Seeded[] {
  const metrics = [
    ['AWS/EC2', 'CPUUtilization'],
    ['AWS/EC2', 'NetworkIn'],
    ['AWS/EC2', 'NetworkOut'],
    ['CWAgent', 'mem_used_percent'],
  ];
  const t0 = Date.UTC(2024, 0, 1);
  return Array.from({ length: instances }, (_, i) => `i-0bench${String(i).padStart(10, '0')}`).flatMap(
    (instance, i) =>
      metrics.map(([namespace, metric], m) => ({
        instance,
        namespace: namespace!,
        metric: metric!,
        points: Array.from({ length: hours * 12 }, (_, s) => ({
          t: t0 + s * 300_000,
          v: 50 + 20 * Math.sin((s + i + m) / 12),
        })),
      })),
  );
}

async function main(): Promise<void> {
  const dataDir = path.resolve(flag('data', DEFAULT_DATA));
  printHeader('bench:ingest', {
    mariadb: packageVersion('mariadb'),
    'aws-sdk': packageVersion('@aws-sdk/client-cloudwatch'),
    prometheus: prometheusVersion(),
    data: dataDir,
    rounds: String(ROUNDS),
  });
  const files = readdirSync(dataDir)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => path.join(dataDir, f));
  if (files.length === 0) throw new Error(`--data ${dataDir} holds no .csv files`);
  const db = await createTestDb('bench');
  try {
    const activities = createIngestActivities(deps(db));
    const file = await timeRounds(db, async () => {
      let points = 0;
      for (const f of files)
        points += (await activities.ingestFile({ path: f, duplicates: 'keep-last' })).points5m;
      return points;
    });
    const naive = await timeRounds(db, () => naiveInsert(db, files[0]!));
    const filePps = file.points / file.seconds;
    const naivePps = naive.points / naive.seconds;
    console.log(
      `file path:     ${file.points} points in ${file.seconds.toFixed(3)} s = ${filePps.toFixed(0)} points/s (${files.length} files, 5-minute rows, hourly rows on top)`,
    );
    console.log(
      `naive inserts: ${naive.points} points in ${naive.seconds.toFixed(3)} s = ${naivePps.toFixed(0)} points/s (one INSERT per point, one file)`,
    );
    console.log(`ratio file/naive: ${(filePps / naivePps).toFixed(2)}x`);

    const moto = await startMoto();
    try {
      const seeded = syntheticSeries(Number(flag('instances', '10')), 24);
      await seedCloudWatch(moto.endpoint, seeded);
      const cw = createIngestActivities(deps(db, moto.endpoint));
      const range = { from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 0, 2) };
      const instanceIds = [...new Set(seeded.map((s) => s.instance))];
      const cloud = await timeRounds(
        db,
        async () => (await cw.ingestCloudWatchWindow({ range, instanceIds })).points5m,
      );
      const cwPps = cloud.points / cloud.seconds;
      console.log(
        `cloudwatch:    ${cloud.points} points in ${cloud.seconds.toFixed(3)} s = ${cwPps.toFixed(0)} points/s (${instanceIds.length} instances x 4 metrics x 24 h from moto)`,
      );
      console.log(`ratio cloudwatch/file: ${(cwPps / filePps).toFixed(3)}x`);
      result('ingest.file.points_per_s', Math.round(filePps));
      result('ingest.cloudwatch.points_per_s', Math.round(cwPps));
      result('ingest.naive.points_per_s', Math.round(naivePps));
      result('ingest.file.ratio_vs_naive', filePps / naivePps);
    } finally {
      await moto.stop();
    }
    const noCloudWatch = { fetch: () => Promise.reject(new Error('CloudWatch is not read here')) };
    await benchPrometheus(db, files, { cleaning, cloudwatch: noCloudWatch }, ROUNDS, filePps);
  } finally {
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
