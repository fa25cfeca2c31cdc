import assert from 'node:assert/strict';
import * as mariadb from 'mariadb';
import {
  applyTableRetention,
  createDb,
  listPartitions,
  migrate,
  naturalKeyOf,
  readMigrations,
  RetentionError,
  upsertForecasts,
  upsertObservations,
  upsertSeries,
  type Db,
  type DbSettings,
  type ForecastRow,
  type ObservationRow,
  type PartitionedTable,
} from '../../src/db';
import { DAY_MS, partitionName } from '../../src/db/retention-plan';
import { asModelVersionId, type SeriesId } from '../../src/shared';
import { baseDbSettings, createTestDb, type TestDb } from '../support/test-db';
import { seedSeries, testIdentity } from './support/seed';

const HOUR = 3_600_000;
/** Nominal time of the retention runs: 03:00 on 2026-03-10. */
const AS_OF = Date.UTC(2026, 2, 10, 3);
const TODAY = Date.UTC(2026, 2, 10);

/** One observation every six hours of each given day (offsets from TODAY, in days). */
function observationsOn(seriesId: SeriesId, dayOffsets: number[], value = 1): ObservationRow[] {
  return dayOffsets.flatMap((d) =>
    [0, 6, 12, 18].map((h) => ({ seriesId, t: TODAY + d * DAY_MS + h * HOUR, value })),
  );
}

/** One forecast record per given day, targeting noon. */
function forecastsOn(seriesId: SeriesId, dayOffsets: number[]): ForecastRow[] {
  return dayOffsets.map((d) => {
    const targetAt = TODAY + d * DAY_MS + 12 * HOUR;
    return {
      ...{ seriesId, modelVersionId: asModelVersionId(1), modelKind: 'naive', horizonStep: 1 },
      ...{ issuedAt: targetAt - HOUR, targetAt, point: 1, lower80: 0, upper80: 2, lower95: -1, upper95: 3 },
    };
  });
}

async function count(db: Db, table: PartitionedTable, where = '1'): Promise<number> {
  const [row] = await db.pool.query<Array<{ n: number }>>(
    `SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`,
  );
  return Number(row?.n);
}

async function checksums(db: Db): Promise<Record<string, number>> {
  const rows = await db.pool.query<Array<{ Table: string; Checksum: number }>>(
    'CHECKSUM TABLE observations, forecasts',
  );
  const sums: Record<string, number> = {};
  for (const r of rows) sums[r.Table.split('.').pop() ?? r.Table] = Number(r.Checksum);
  return sums;
}

describe('db/retention: migration 008 on a database that holds rows', function () {
  this.timeout(60_000);
  let settings: DbSettings;
  let db: Db;
  let admin: mariadb.Connection;

  before(async () => {
    settings = { ...baseDbSettings(), database: `metricast_test_ret008_${process.pid}` };
    admin = await mariadb.createConnection({ ...settings, database: undefined });
    await admin.query(`CREATE DATABASE \`${settings.database}\``);
    await migrate(
      settings,
      readMigrations().filter((m) => m.version < 8),
    );
    db = createDb(settings);
  });
  after(async () => {
    await db.pool.end();
    await admin.query(`DROP DATABASE IF EXISTS \`${settings.database}\``);
    await admin.end();
  });

  it('partitions observations and forecasts by time and keeps every row as it was', async () => {
    const identity = testIdentity('pre-008');
    const series = (await upsertSeries(db, [identity])).get(naturalKeyOf(identity))!;
    await upsertObservations(db, observationsOn(series, [-4000, -40, -1, 0, 30]));
    await upsertForecasts(db, forecastsOn(series, [-40, -1, 0, 1]));
    const before = { sums: await checksums(db), obs: await count(db, 'observations') };
    assert.equal(before.obs, 20);

    assert.deepEqual((await migrate(settings)).applied.includes('008_partitions'), true);
    assert.deepEqual(await checksums(db), before.sums);
    assert.equal(await count(db, 'observations'), before.obs);
    assert.equal(await count(db, 'forecasts'), 4);
    for (const table of ['observations', 'forecasts'] as const)
      assert.deepEqual(await listPartitions(db, table), [{ name: 'pmax', lessThan: null }]);

    // The first retention run spreads the rows over daily partitions and still loses none.
    const run = await applyTableRetention(db, {
      table: 'observations',
      asOf: AS_OF,
      keepDays: 5000,
      partitionsAhead: 2,
      periodDays: 1,
    });
    assert.deepEqual(run.dropped, []);
    assert.equal(run.created.length, 7, run.created.join(','));
    assert.equal(await count(db, 'observations'), before.obs);
    assert.deepEqual(await checksums(db).then((s) => s.observations), before.sums.observations);
  });
});

describe('db/retention: applyTableRetention', function () {
  this.timeout(60_000);
  let db: TestDb;
  let series: SeriesId;

  before(async () => {
    db = await createTestDb('retention');
    series = await seedSeries(db, testIdentity('retained'));
  });
  after(async () => db.drop());

  it('creates the days ahead, drops only partitions wholly older than the retention, and reports them', async () => {
    const days = [-60, -45, -31, -30, -29, -10, -1, 0];
    await upsertObservations(db, observationsOn(series, days));
    const cutoff = AS_OF - 30 * DAY_MS;
    const inRetention = await count(
      db,
      'observations',
      `ts >= '${new Date(cutoff).toISOString().slice(0, 19)}'`,
    );

    const run = await applyTableRetention(db, {
      table: 'observations',
      asOf: AS_OF,
      keepDays: 30,
      partitionsAhead: 3,
      periodDays: 1,
    });
    assert.equal(run.cutoff, cutoff);
    // Days -60, -45 and -31 are wholly expired: they share one partition, made and dropped at once.
    assert.deepEqual(
      run.created,
      [-31, -30, -29, -10, -1, 0, 1, 2, 3].map((d) => partitionName(TODAY + d * DAY_MS)),
    );
    assert.deepEqual(
      run.dropped.map((d) => [d.partition, d.lessThan, d.rows]),
      [[partitionName(TODAY - 31 * DAY_MS), TODAY - 30 * DAY_MS, 12]],
    );
    // Day -30 straddles the cutoff (03:00): its partition stays whole, rows before 03:00 included.
    assert.equal(inRetention, 19);
    assert.equal(await count(db, 'observations'), 20);
    assert.equal(run.partitions, 8 + 1);
  });

  it('changes nothing when run again for the same day', async () => {
    const again = await applyTableRetention(db, {
      table: 'observations',
      asOf: AS_OF,
      keepDays: 30,
      partitionsAhead: 3,
      periodDays: 1,
    });
    assert.deepEqual([again.created, again.dropped], [[], []]);
  });

  it('adds one day ahead and drops one day behind on the next day', async () => {
    await upsertObservations(db, observationsOn(series, [1]));
    const next = await applyTableRetention(db, {
      table: 'observations',
      asOf: AS_OF + DAY_MS,
      keepDays: 30,
      partitionsAhead: 3,
      periodDays: 1,
    });
    assert.deepEqual(next.created, [partitionName(TODAY + 4 * DAY_MS)]);
    assert.deepEqual(
      next.dropped.map((d) => [d.partition, d.rows]),
      [[partitionName(TODAY - 30 * DAY_MS), 4]],
    );
  });

  it('still accepts rows older than every partition and beyond the last one, and upserts across them', async () => {
    const far = observationsOn(series, [-3000, 400], 2);
    await upsertObservations(db, far);
    await upsertObservations(
      db,
      far.map((r) => ({ ...r, value: 3 })),
    );
    const rows = await db.pool.query<Array<{ revision: number; value: number }>>(
      `SELECT revision, value FROM observations WHERE ts < '2020-01-01' OR ts > '2027-01-01'`,
    );
    assert.equal(rows.length, 8);
    assert.ok(rows.every((r) => r.revision === 1 && r.value === 3));
  });

  it('prunes a time-ranged read to the partitions of its days', async () => {
    const [plan] = await db.pool.query<Array<{ partitions: string }>>(
      `EXPLAIN PARTITIONS SELECT ts, value FROM observations
        WHERE series_id = ? AND ts >= '2026-03-09' AND ts < '2026-03-11'`,
      [series],
    );
    assert.equal(plan?.partitions, `${partitionName(TODAY - DAY_MS)},${partitionName(TODAY)}`);
  });

  it('counts from the wall clock, never from the data: a run dated in the future drops nothing inside the retention', async () => {
    const before = await count(db, 'forecasts');
    const run = await applyTableRetention(db, {
      table: 'forecasts',
      asOf: Date.UTC(2100, 0, 1),
      keepDays: 10,
      partitionsAhead: 0,
      periodDays: 1,
    });
    assert.ok(Math.abs(run.cutoff - (Date.now() - 10 * DAY_MS)) < 60_000, new Date(run.cutoff).toISOString());
    assert.deepEqual(run.dropped, []);
    assert.equal(await count(db, 'forecasts'), before);
  });

  it('refuses bad input naming the field and the value', async () => {
    await assert.rejects(
      applyTableRetention(db, {
        table: 'observations',
        asOf: AS_OF,
        keepDays: 0,
        partitionsAhead: 3,
        periodDays: 1,
      }),
      (e: unknown) =>
        e instanceof RetentionError && e.message === 'input.keepDays must be an integer ≥ 1, got 0',
    );
    await assert.rejects(
      applyTableRetention(db, {
        table: 'series' as PartitionedTable,
        asOf: AS_OF,
        keepDays: 5,
        partitionsAhead: 3,
        periodDays: 1,
      }),
      /input\.table must be observations or forecasts, got series/,
    );
  });
});

describe('db/retention: series of different ages, counted from now', function () {
  this.timeout(60_000);
  let db: TestDb;
  const now = Date.now();
  const hourOf = (t: number) => Math.floor(t / HOUR) * HOUR;
  /** Hourly rows of a series over [now − fromDays, now − toDays). */
  const hourly = (seriesId: SeriesId, fromDays: number, toDays: number): ObservationRow[] => {
    const rows: ObservationRow[] = [];
    for (let t = hourOf(now - fromDays * DAY_MS); t < now - toDays * DAY_MS; t += HOUR)
      rows.push({ seriesId, t, value: 1 });
    return rows;
  };

  before(async () => {
    db = await createTestDb('retention_ages');
  });
  after(async () => db.drop());

  it('drops only rows older than the retention, whatever the newest row of the table or of a series', async () => {
    // A live series, one whose feed stopped 20 days ago, one that stopped 80 days ago (its last
    // 10 days straddle the 90-day cutoff) and one wholly older than the retention.
    const live = await seedSeries(db, testIdentity('live'));
    const stopped20 = await seedSeries(db, testIdentity('stopped-20'));
    const stopped80 = await seedSeries(db, testIdentity('stopped-80'));
    const ancient = await seedSeries(db, testIdentity('ancient'));
    const rows = [
      ...hourly(live, 30, 0),
      ...hourly(stopped20, 40, 20),
      ...hourly(stopped80, 100, 80),
      ...hourly(ancient, 130, 110),
    ];
    await upsertObservations(db, rows);
    const cutoff = now - 90 * DAY_MS;
    const expected = [live, stopped20, stopped80].map((id) => [
      id,
      rows.filter((r) => r.seriesId === id && r.t >= cutoff).length,
    ]);
    const sql = (t: number) => `'${new Date(t).toISOString().slice(0, 19)}'`;
    const inside = async () =>
      db.pool.query<Array<{ series_id: number; n: number }>>(
        `SELECT series_id, COUNT(*) AS n FROM observations WHERE ts >= ${sql(cutoff)} GROUP BY series_id ORDER BY series_id`,
      );
    const keptBefore = await inside();

    const run = await applyTableRetention(db, {
      table: 'observations',
      asOf: now,
      keepDays: 90,
      partitionsAhead: 1,
      periodDays: 7,
    });
    assert.ok(run.cutoff <= cutoff + 1000 && run.cutoff >= cutoff - 60_000);
    assert.ok(run.dropped.length > 0, 'the ancient weeks are dropped');
    assert.ok(run.dropped.every((d) => d.lessThan <= run.cutoff));
    // Every row inside the retention is still there, series by series.
    assert.deepEqual(await inside(), keptBefore);
    assert.deepEqual(
      keptBefore.map((r) => [Number(r.series_id), Number(r.n)]),
      expected,
    );
    assert.ok(Number(expected[2]?.[1]) >= 239, 'the series that stopped 80 days ago keeps its last 10 days');
    assert.equal(await count(db, 'observations', `series_id = ${ancient}`), 0);
  });
});
