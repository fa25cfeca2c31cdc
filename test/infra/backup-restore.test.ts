import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import * as mariadb from 'mariadb';
import {
  applyTableRetention,
  createDb,
  listPartitions,
  loadArtifact,
  registerVersion,
  upsertForecasts,
  upsertObservations,
  type Db,
} from '../../src/db';
import { asModelVersionId } from '../../src/shared';
import { artifact, identity } from '../db/support/registry-fixtures';
import { seedSeries } from '../db/support/seed';
import { createTestDb, type TestDb } from '../support/test-db';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 20);

/** Row count and CHECKSUM TABLE of every table of the database, by table name. */
async function fingerprint(db: Db): Promise<Record<string, [number, number]>> {
  const tables = await db.pool.query<Array<{ name: string }>>(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1`,
  );
  const out: Record<string, [number, number]> = {};
  for (const { name } of tables) {
    const [count] = await db.pool.query<Array<{ n: number }>>(`SELECT COUNT(*) AS n FROM \`${name}\``);
    const [sum] = await db.pool.query<Array<{ Checksum: number }>>(`CHECKSUM TABLE \`${name}\``);
    out[name] = [Number(count?.n), Number(sum?.Checksum)];
  }
  return out;
}

/** Runs an infra script against `database`; resolves with its output, or rejects with its exit code. */
function script(name: string, args: string[], database: string) {
  return run('bash', [path.join(ROOT, 'infra', name), ...args], {
    env: { ...process.env, METRICAST_DB_DATABASE: database },
  });
}

/** Command lines of every process on the machine, read while the backup runs (what `ps` shows). */
function commandLines(): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        return '';
      }
    });
}

describe('infra/backup.sh and infra/restore.sh (MariaDB)', function () {
  this.timeout(120_000);
  let source: TestDb;
  let restored: Db | undefined;
  const restoredName = `metricast_test_restored_${process.pid}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'metricast-backup-'));
  const backup = path.join(dir, 'backup.sql.gz');

  before(async () => {
    source = await createTestDb('backup');
    const series = await seedSeries(source, identity);
    const hours = Array.from({ length: 72 }, (_, i) => T0 + i * HOUR);
    await upsertObservations(
      source,
      hours.map((t, i) => ({ seriesId: series, t, value: Math.sin(i) * 40 + 50, max: 99.5, count: 12 })),
    );
    const weights = Uint8Array.from({ length: 4096 }, (_, i) => (i * 37) % 256); // every byte value, NULs included
    const version = await registerVersion(source, {
      ...{ seriesId: series, granularity: '1h', horizon: 6 },
      artifact: artifact(6, weights),
    });
    await upsertForecasts(
      source,
      hours.slice(0, 6).map((t, i) => ({
        ...{ seriesId: series, modelVersionId: asModelVersionId(version.id), modelKind: 'lstm' },
        ...{ issuedAt: T0, targetAt: t, horizonStep: i + 1, point: 50, lower80: 45, upper80: 55 },
        ...{ lower95: 40, upper95: 60 },
      })),
    );
    for (const table of ['observations', 'forecasts'] as const)
      await applyTableRetention(source, {
        table,
        asOf: T0 + 3 * 24 * HOUR,
        keepDays: 30,
        partitionsAhead: 2,
        periodDays: 7,
      });
  });
  after(async () => {
    await restored?.pool.end();
    const admin = await mariadb.createConnection({ ...source.settings, database: undefined });
    await admin.query(`DROP DATABASE IF EXISTS \`${restoredName}\``);
    await admin.end();
    await source.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('dumps the database to a gzipped file only its owner can read, the password in no command line', async () => {
    const password = process.env.METRICAST_DB_PASSWORD ?? '';
    const child = spawn('bash', [path.join(ROOT, 'infra/backup.sh'), backup], {
      env: { ...process.env, METRICAST_DB_DATABASE: source.database },
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let running = true;
    const seen: string[] = [];
    void exited.then(() => (running = false));
    while (running) {
      seen.push(...commandLines().filter((c) => c.includes('mariadb-dump')));
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(await exited, 0, output);
    if (password.length > 0) {
      assert.ok(!seen.some((c) => c.includes(password)), 'the password showed in a command line');
      assert.ok(!output.includes(password), 'the password was printed');
    }
    assert.equal(statSync(backup).mode & 0o777, 0o600);
    const sql = gunzipSync(readFileSync(backup)).toString('latin1');
    assert.match(sql, /PARTITION BY RANGE +COLUMNS\(`ts`\)/);
    assert.match(sql, /-- Dump completed/);
  });

  it('restores into a fresh database with the same rows, checksums and partitions in every table', async () => {
    await script('restore.sh', [backup, restoredName], source.database);
    restored = createDb({ ...source.settings, database: restoredName });
    const [want, got] = [await fingerprint(source), await fingerprint(restored)];
    assert.ok(Object.keys(want).length >= 10, Object.keys(want).join(','));
    assert.deepEqual(got, want);
    assert.ok((want.observations?.[0] ?? 0) === 72 && (want.forecasts?.[0] ?? 0) === 6);
    for (const table of ['observations', 'forecasts'] as const)
      assert.deepEqual(await listPartitions(restored, table), await listPartitions(source, table));
    // The model's weights come back byte for byte (the loader checks their sha256 too).
    const model = await loadArtifact(restored, asModelVersionId(1));
    assert.deepEqual(
      [...(model.weights ?? [])].slice(0, 300),
      Array.from({ length: 300 }, (_, i) => (i * 37) % 256),
    );
    assert.equal(model.weights?.byteLength, 4096);
  });

  it('refuses to restore over a database that holds tables, naming it', async () => {
    await assert.rejects(
      script('restore.sh', [backup, restoredName], source.database),
      (e: { code?: number; stderr?: string }) =>
        e.code === 1 && e.stderr?.includes(`database ${restoredName} already holds`) === true,
    );
    await assert.rejects(
      script('restore.sh', [backup, 'bad-name; DROP'], source.database),
      (e: { stderr?: string }) => e.stderr?.includes("got 'bad-name; DROP'") === true,
    );
  });
});
