// bench:soak — the hourly forecast cycle back to back for a bounded time (the nominal hour advances one
// hour per cycle) over --series synthetic series whose champions include tfjs LSTM and dense networks,
// on a local Temporal dev server with the production I/O and ML workers in this process and a real
// MariaDB. After every cycle it samples RSS, heap, live tfjs tensors and the cycle's latency, and
// reports how much they grew after a warm-up: memory, tensors and latency must stay flat.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ChampionCache } from '../src/activities';
import { DEFAULT_CHAMPION_CACHE_MODELS } from '../src/activities/forecast-shard';
import { initBackend } from '../src/forecast';
import { createTestDb, type TestDb } from '../test/support/test-db';
import { GRID_HOURS, HISTORY_HOURS, HOUR_MS, loadHourlySources, type HourlySource } from './cycle-data';
import { stages } from './cycle-report';
import { runCycle, startHarness, type CycleRun, type Harness } from './cycle-run';
import { HORIZON, seedSeries, type SeedOptions } from './cycle-seed';
import { judge, printJudgement, printTimeTable, type Sample } from './soak-report';
import {
  extendObservations,
  kindArtifacts,
  seedMixedChampions,
  SOAK_KINDS,
  type SoakKind,
} from './soak-seed';
import { DEFAULT_DATA, flag, packageVersion, printHeader } from './support/header';
import { mariadbVersions, temporalVersions } from './support/versions';

/** Minutes of cycles; with about a minute of set-up the whole benchmark ends within ~15 minutes. */
const MINUTES = Number(flag('minutes', '12'));
const SERIES = Number(flag('series', '1000'));
const KINDS = flag('kinds', 'lstm,dense,seasonal-naive').split(',') as SoakKind[];
const WARMUP_CYCLES = Number(flag('warmup-cycles', '10'));
/** Samples at each end of the judged part whose medians are compared. */
const WINDOW = Number(flag('window', '10'));
const SHARD_SIZE = Number(flag('shard-size', '500'));
const SEED = Number(flag('seed', '42'));
const CYCLE_TIMEOUT_S = Number(flag('cycle-timeout-s', '300'));
/** Start each hour's reconcile follower too; see `header` for why it is off by default. */
const FOLLOW_RECORDS = process.argv.includes('--follow-records');
const CSV = flag('csv', '');
/** Champions the ML worker keeps loaded; 0 rebuilds every champion from its artifact every cycle. */
const CACHE_MODELS = Number(flag('cache-models', String(DEFAULT_CHAMPION_CACHE_MODELS)));
/** Observations are written this many hours ahead of the nominal hour at a time (as ingestion would). */
const EXTEND_HOURS = 48;

const MB = 2 ** 20;
const gc = (globalThis as { gc?: () => void }).gc;

/** Ids tfjs has handed out so far: the difference over a cycle is the tensors it made. */
const tensorIdsSoFar = (): number => (tf.engine() as unknown as { nextTensorId(): number }).nextTensorId();

function checkFlags(): void {
  const positive = { minutes: MINUTES, series: SERIES, window: WINDOW, 'shard-size': SHARD_SIZE };
  for (const [name, value] of Object.entries(positive))
    if (!(value > 0 && Number.isFinite(value)))
      throw new Error(`--${name} must be a positive number, got ${value}`);
  if (!(Number.isSafeInteger(CACHE_MODELS) && CACHE_MODELS >= 0))
    throw new Error(`--cache-models must be an integer >= 0, got ${CACHE_MODELS}`);
  if (!(Number.isSafeInteger(WARMUP_CYCLES) && WARMUP_CYCLES >= 0))
    throw new Error(`--warmup-cycles must be an integer >= 0, got ${WARMUP_CYCLES}`);
  const unknown = KINDS.filter((k) => !(SOAK_KINDS as readonly string[]).includes(k));
  if (KINDS.length === 0 || unknown.length > 0)
    throw new Error(`--kinds must list some of ${SOAK_KINDS.join(', ')}, got ${KINDS.join(',')}`);
}

async function header(dataDir: string, sources: readonly HourlySource[], h: Harness): Promise<void> {
  const backend = await initBackend({ logger: { info: () => undefined } });
  printHeader('bench:soak', {
    tfjs: `${packageVersion('@tensorflow/tfjs')} backend ${backend.name} (${backend.reason})`,
    temporal: temporalVersions(),
    mariadb: await mariadbVersions(),
    workers: `io + ml in this process; concurrency io ${h.config.worker.ioConcurrency}, ml ${h.config.worker.mlConcurrency}; db pool ${h.config.db.connectionLimit}; champion cache ${CACHE_MODELS} models`,
    data: `${dataDir} (${sources.length} hourly sources)`,
    run:
      `${SERIES} series for ${MINUTES} min of back-to-back cycles, nominal hour +1 h per cycle; champions ` +
      `${KINDS.join(' / ')} in rotation, horizon ${HORIZON}; shard size ${SHARD_SIZE}; seed ${SEED}`,
    sampling:
      `after every cycle${gc ? ', after a full GC (--expose-gc)' : ' (no --expose-gc: heap figures include garbage)'}; ` +
      `warm-up ${WARMUP_CYCLES} cycles; growth = median of the last ${WINDOW} samples vs the first ${WINDOW} after it`,
    followers: FOLLOW_RECORDS
      ? 'reconcile followers on (--follow-records)'
      : 'reconcile followers off, as in backfills: at one nominal hour per few seconds, each would sleep an hour of wall time and hundreds would pile up that never coexist in real time',
  });
}

/** The process after one cycle. */
function sample(cycle: number, started: number, hour: number, run: CycleRun, madeTensors: number): Sample {
  gc?.();
  const mem = process.memoryUsage();
  const tfMem = tf.memory();
  const of = (key: string) => stages(run).find((s) => s.key === key)?.seconds ?? 0;
  return {
    ...{ cycle, minutes: (performance.now() - started) / 60_000, nominalHour: hour, seconds: run.seconds },
    forecastSeconds: of('forecast'),
    dbSeconds: of('reconcile') + of('accuracy') + of('dashboard'),
    ...{ rssMb: mem.rss / MB, heapUsedMb: mem.heapUsed / MB, externalMb: mem.external / MB },
    ...{ tensors: tfMem.numTensors, tensorMb: tfMem.numBytes / MB, tensorsCreated: madeTensors },
    rows: run.summary?.forecast.rows ?? 0,
    reconciled: run.summary?.reconcile.reconciled ?? 0,
  };
}

/** Seeds the scratch database: series with their history, then one champion per series. */
async function seed(db: TestDb, options: SeedOptions) {
  const { ids, rate } = await seedSeries(db, options);
  const artifacts = await kindArtifacts(options, KINDS);
  const champions = await seedMixedChampions(db, ids, artifacts, KINDS);
  const fits = [...artifacts].map(([kind, a]) => `${kind} ${a.seconds.toFixed(1)} s`).join(', ');
  const mix = [...champions.perKind].map(([kind, n]) => `${n} ${kind}`).join(', ');
  console.log(
    `seeded ${rate.n} observations in ${rate.seconds.toFixed(1)} s; fitted ${fits}; ` +
      `champions ${mix} in ${champions.rate.seconds.toFixed(1)} s`,
  );
  return ids;
}

/** Back-to-back cycles until the time is up; a cycle that times out ends the soak. */
async function soak(h: Harness, db: TestDb, options: SeedOptions): Promise<Sample[]> {
  const ids = await seed(db, options);
  let seededHours = GRID_HOURS;
  const samples: Sample[] = [];
  const started = performance.now();
  for (let cycle = 1; performance.now() - started < MINUTES * 60_000; cycle++) {
    const hourIndex = HISTORY_HOURS + cycle - 1;
    // The hours this cycle forecasts get their actuals before it runs: later cycles reconcile them.
    if (hourIndex + HORIZON + 1 >= seededHours) {
      const toHour = seededHours + EXTEND_HOURS;
      await extendObservations(db, ids, options, { fromHour: seededHours, toHour });
      seededHours = toHour;
    }
    const hour = options.gridStart + hourIndex * HOUR_MS;
    const before = tensorIdsSoFar();
    const run = await runCycle(h, hour, {
      shardSize: SHARD_SIZE,
      timeoutS: CYCLE_TIMEOUT_S,
      followRecords: FOLLOW_RECORDS,
    });
    const s = sample(cycle, started, hour, run, tensorIdsSoFar() - before - 1);
    samples.push(s);
    if (!run.summary)
      throw new Error(
        `cycle ${cycle} (${new Date(hour).toISOString()}) did not finish in ${CYCLE_TIMEOUT_S} s`,
      );
    if (run.summary.forecast.failed > 0)
      console.log(
        `  cycle ${cycle}: ${run.summary.forecast.failed} series failed, first: ${run.summary.forecast.failures[0]?.error}`,
      );
    if (cycle === 1 || cycle % 10 === 0)
      console.log(
        `  cycle ${cycle} at ${s.minutes.toFixed(1)} min: ${s.seconds.toFixed(2)} s, RSS ${s.rssMb.toFixed(0)} MB, ` +
          `heap ${s.heapUsedMb.toFixed(0)} MB, ${s.tensors} tensors live, ${s.tensorsCreated} made`,
      );
  }
  return samples;
}

function writeCsv(file: string, samples: readonly Sample[]): void {
  const keys = Object.keys(samples[0] ?? {}) as Array<keyof Sample>;
  const lines = [keys.join(','), ...samples.map((s) => keys.map((k) => s[k]).join(','))];
  writeFileSync(file, lines.join('\n') + '\n');
  console.log(`samples written to ${file}`);
}

async function main(): Promise<void> {
  checkFlags();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const dataDir = path.resolve(flag('data', DEFAULT_DATA));
  const { sources } = loadHourlySources(dataDir);
  const championCache = new ChampionCache(CACHE_MODELS);
  const h = await startHarness({ championCache });
  const db = await createTestDb('benchsoak');
  try {
    await header(dataDir, sources, h);
    h.db.use(db);
    const options = { sources, seed: SEED, count: SERIES, gridStart: (sources[0] as HourlySource).start };
    const samples = await soak(h, db, options);
    const judgement = judge(samples, WARMUP_CYCLES, WINDOW);
    console.log('');
    printTimeTable(samples, judgement.warmup);
    console.log('');
    if (CSV) writeCsv(CSV, samples);
    const c = championCache.stats();
    console.log(
      `champion cache: ${c.size} models held, ${c.hits} hits, ${c.misses} misses, ${c.evictions} evictions`,
    );
    printJudgement(judgement, samples);
  } finally {
    await db.drop();
    await h.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
