// bench:api — latency and throughput of GET /api/v1/series/:id/predictions (the hot read of the
// HTTP API) on a fresh database of 1,000 series, each with a day of hourly forecasts built from
// --data, served by the real server in this process on loopback; autocannon (100 connections) runs
// in a child process so the load generator does not share the server's event loop. The same run
// against GET /api/v1/health (open, one `SELECT 1`) is the baseline.
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as mariadb from 'mariadb';
import type { Result } from 'autocannon';
import { buildServer } from '../src/api';
import { configSchema } from '../src/config';
import { createApiToken, naturalKeyOf, upsertForecasts, upsertSeries, type ForecastRow } from '../src/db';
import { asModelVersionId, type SeriesId } from '../src/shared';
import { baseDbSettings, createTestDb, type TestDb } from '../test/support/test-db';
import { HOUR_MS, loadHourlySources, type HourlySource } from './cycle-data';
import { DEFAULT_DATA, flag, packageVersion, printHeader, result } from './support/header';

const SERIES = Number(flag('series', '1000'));
const ISSUES = Number(flag('issues', '24'));
const HORIZON = 6;
const CONNECTIONS = Number(flag('connections', '100'));
const DURATION_S = Number(flag('duration', '10'));
const WARMUP_S = Number(flag('warmup', '2'));
/** The newest issue of every series; a fixed hour, so runs are comparable. */
const LATEST = Date.UTC(2026, 0, 15, 12);
const run = promisify(execFile);

/** autocannon in a child process, rotating request paths; prints its result as JSON. */
const LOAD_SCRIPT = `
const autocannon = require('autocannon');
const { url, paths, connections, duration, headers } = JSON.parse(process.env.BENCH_API_LOAD);
let next = 0;
autocannon(
  { url, connections, duration, headers, requests: [{ setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }] },
  (error, result) => {
    if (error) throw error;
    process.stdout.write(JSON.stringify(result));
  },
);`;

async function load(
  url: string,
  paths: string[],
  duration: number,
  headers: Record<string, string>,
): Promise<Result> {
  const env = {
    ...process.env,
    BENCH_API_LOAD: JSON.stringify({ url, paths, connections: CONNECTIONS, duration, headers }),
  };
  const { stdout } = await run(process.execPath, ['-e', LOAD_SCRIPT], { env, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as Result;
}

/** Stores `SERIES` hourly series and `ISSUES` six-step forecasts of each, values from the sources. */
async function seed(db: TestDb, sources: readonly HourlySource[]): Promise<SeriesId[]> {
  const identities = Array.from({ length: SERIES }, (_, i) => ({
    ...{ source: 'bench', namespace: 'AWS/EC2', metric: 'CPUUtilization', site: '', unit: 'Percent' },
    ...{ dimensions: { InstanceId: `i-${i}` }, host: `bench-${i}`, granularity: '1h' as const },
  }));
  const stored = await upsertSeries(db, identities);
  const ids = identities.map((s) => stored.get(naturalKeyOf(s)) as SeriesId);
  const rows: ForecastRow[] = [];
  ids.forEach((seriesId, i) => {
    const values = (sources[i % sources.length] as HourlySource).values;
    for (let k = 0; k < ISSUES; k++) {
      const issuedAt = LATEST - (ISSUES - 1 - k) * HOUR_MS;
      for (let s = 1; s <= HORIZON; s++) {
        const point = values[(k + s) % values.length] ?? 0;
        const band = Math.abs(point) * 0.1 + 1;
        rows.push({
          ...{ seriesId, modelVersionId: asModelVersionId(1 + (i % 3)), modelKind: 'ets', issuedAt },
          ...{ targetAt: issuedAt + s * HOUR_MS, horizonStep: s, point },
          ...{
            lower80: point - band,
            upper80: point + band,
            lower95: point - 2 * band,
            upper95: point + 2 * band,
          },
        });
      }
    }
  });
  await upsertForecasts(db, rows);
  return ids;
}

async function serverVersion(): Promise<string> {
  const conn = await mariadb.createConnection({ ...baseDbSettings(), database: undefined });
  try {
    return (await conn.query<Array<{ v: string }>>('SELECT VERSION() AS v'))[0]?.v ?? '?';
  } finally {
    await conn.end();
  }
}

function report(name: string, r: Result): { p50: number; p99: number; rps: number } {
  const figures = { p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average };
  console.log(
    `${name.padEnd(28)} p50 ${figures.p50.toFixed(1).padStart(6)} ms  p99 ${figures.p99.toFixed(1).padStart(6)} ms  ` +
      `${figures.rps.toFixed(0).padStart(6)} req/s  ${r.requests.total} requests, non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}`,
  );
  if (r.non2xx > 0 || r.errors > 0)
    throw new Error(`${name}: ${r.non2xx} non-2xx answers and ${r.errors} errors`);
  return figures;
}

async function main(): Promise<void> {
  const dataDir = path.resolve(flag('data', DEFAULT_DATA));
  const { sources, skipped } = loadHourlySources(dataDir);
  if (sources.length === 0) throw new Error(`--data ${dataDir} holds no CSV series of two days or more`);
  const db = await createTestDb('benchapi');
  try {
    const started = performance.now();
    const ids = await seed(db, sources);
    const seedSeconds = (performance.now() - started) / 1000;
    const config = configSchema.parse({
      db: db.settings,
      // The limiter stays on (its cost is part of every request), far above what one client can send.
      api: { rateLimitPerMinute: 1_000_000_000 },
      log: { level: 'warn' },
    });
    const app = await buildServer({ db, config }, { logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const { token } = await createApiToken(db, { name: 'bench', scope: 'read' });
    printHeader('bench:api', {
      libraries: `fastify ${packageVersion('fastify')}, @fastify/rate-limit ${packageVersion('@fastify/rate-limit')}, autocannon ${packageVersion('autocannon')}`,
      tfjs: 'not used (reads only)',
      mariadb: `server ${await serverVersion()}, driver ${mariadb.version}, pool ${config.db.connectionLimit}`,
      data: `${dataDir} (${sources.length} hourly sources${skipped.length ? `; skipped, too short: ${skipped.join(', ')}` : ''})`,
      run: `${ids.length} series x ${ISSUES} issues x ${HORIZON} steps seeded in ${seedSeconds.toFixed(1)} s; ${CONNECTIONS} connections, ${DURATION_S} s per run after ${WARMUP_S} s warm-up; server in this process, autocannon in a child process`,
    });
    const auth = { authorization: `Bearer ${token}` };
    const latest = ids.map((id) => `/api/v1/series/${id}/predictions`);
    const health = ['/api/v1/health'];
    await load(url, latest, WARMUP_S, auth);
    const h = report('GET /health (baseline)', await load(url, health, DURATION_S, {}));
    const p = report('GET /series/:id/predictions', await load(url, latest, DURATION_S, auth));
    console.log('');
    result('api.latest.p50_ms', p.p50);
    result('api.latest.p99_ms', p.p99);
    result('api.latest.rps', Math.round(p.rps));
    result('api.health.p50_ms', h.p50);
    result('api.health.p99_ms', h.p99);
    result('api.health.rps', Math.round(h.rps));
    result('api.latest.p99_vs_health', p.p99 / h.p99);
    result('api.latest.rps_vs_health', p.rps / h.rps);
    await app.close();
  } finally {
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
