// bench:cycle — wall time of one full hourly forecast cycle (forecastCycleWorkflow on a local
// Temporal dev server, in-process I/O and ML workers, real MariaDB) for 100, 1,000 and 10,000 (or
// --sizes, up to 100,000) synthetic hourly series cloned from --data, with champions of the kinds
// and proportions of --models (default: what training on the bundled data picks), with rows
// written per second and per-series growth.
import { loadavg } from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { initBackend } from '../src/forecast';
import { createTestDb } from '../test/support/test-db';
import { HISTORY_HOURS, HOUR_MS, loadHourlySources, type HourlySource } from './cycle-data';
import { seedBacklog } from './cycle-backlog';
import { profileShard } from './cycle-profile';
import {
  printBreakdown,
  printProfile,
  printTable,
  profileTotal,
  rowsOf,
  stages,
  type SizeOutcome,
} from './cycle-report';
import { runCycle, startHarness, type CycleRun, type Harness } from './cycle-run';
import { championArtifactSource, describeMix, parseModels, SERVED_MIX, type ModelMix } from './cycle-models';
import { HORIZON, seedChampions, seedSeries, type SeedOptions } from './cycle-seed';
import { DEFAULT_DATA, flag, packageVersion, printHeader, result } from './support/header';
import { mariadbVersions, temporalVersions } from './support/versions';

const SIZES = flag('sizes', '100,1000,10000')
  .split(',')
  .map((x) => Number(x.trim()))
  .sort((a, b) => a - b);
const SHARD_SIZE = Number(flag('shard-size', '500'));
const SEED = Number(flag('seed', '42'));
const PROFILE_SAMPLE = Number(flag('profile-sample', '500'));
/** Timed cycles per size, at consecutive hours after the warm-up; the median is reported. */
const ROUNDS = Number(flag('rounds', '3'));
/** Timed cycles of sizes over 10,000: one 100,000-series cycle is minutes on this machine. */
const ROUNDS_LARGE = Number(flag('rounds-large', '1'));
/**
 * A cycle still running after this is timed out and reported as such: the 10,000-series target
 * (60 s) with room, and for the larger sizes 30 minutes (the warm-up also learns 8 days of anomaly state).
 */
const CYCLE_TIMEOUT_S = Number(flag('cycle-timeout-s', '300'));
const timeoutOf = (size: number): number =>
  size > 10_000 ? Math.max(CYCLE_TIMEOUT_S, 1800) : CYCLE_TIMEOUT_S;
const roundsOf = (size: number): number => (size > 10_000 ? Math.min(ROUNDS, ROUNDS_LARGE) : ROUNDS);
const MODELS: ModelMix = parseModels(flag('models', SERVED_MIX));
/** ETS and MSTL engine of the champions: `own` (default, as trained now) or `augurs` (the earlier path, for a same-machine baseline). */
const ENGINE = engineFlag(flag('engine', 'own'));

function engineFlag(text: string): 'own' | 'augurs' {
  if (text !== 'own' && text !== 'augurs') throw new Error(`--engine must be own or augurs, got ${text}`);
  return text;
}
/** Earlier cycles' records to add before the timed cycles (steady state); 0 = the warm-up's only. */
const BACKLOG_HOURS = Number(flag('backlog-hours', '0'));

async function header(dataDir: string, sources: readonly HourlySource[], skipped: string[], h: Harness) {
  const backend = await initBackend({ logger: { info: () => undefined } });
  printHeader('bench:cycle', {
    tfjs: `${packageVersion('@tensorflow/tfjs')} backend ${backend.name} (${backend.reason})`,
    temporal: temporalVersions(),
    mariadb: await mariadbVersions(),
    workers: `io + ml in this process; concurrency io ${h.config.worker.ioConcurrency}, ml ${h.config.worker.mlConcurrency}; db pool ${h.config.db.connectionLimit}; started in ${h.startSeconds.toFixed(1)} s`,
    data: `${dataDir} (${sources.length} hourly sources${skipped.length ? `; skipped, too short: ${skipped.join(', ')}` : ''})`,
    run: `sizes ${SIZES.join(', ')}; shard size ${SHARD_SIZE}; ${ROUNDS} timed cycles per size after 1 warm-up${BACKLOG_HOURS ? ` and ${BACKLOG_HOURS} h of earlier records` : ''}; seed ${SEED}; ${HISTORY_HOURS} h history; champions ${describeMix(MODELS)}${flag('models', '') ? '' : " (the bundled data's training mix)"}, horizon ${HORIZON}; ETS/MSTL engine ${ENGINE}; champion cache ${h.config.worker.championCacheModels} models`,
  });
}

function medianRun(runs: readonly CycleRun[]): CycleRun {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  return sorted[Math.floor((sorted.length - 1) / 2)] as CycleRun;
}

/** One size: fresh database, seeding, a warm-up cycle, the timed cycle an hour later, the profile. */
async function runSize(h: Harness, size: number, seed: SeedOptions): Promise<SizeOutcome> {
  const db = await createTestDb('benchcycle');
  try {
    h.db.use(db);
    h.championCache.clear();
    const { ids, rate: observations } = await seedSeries(db, { ...seed, count: size });
    const artifactOf = await championArtifactSource(MODELS, seed, HORIZON, ENGINE);
    const champions = await seedChampions(db, ids, artifactOf);
    const championSeconds = champions.sequential.seconds + champions.parallel.seconds;
    console.log(
      `## ${size} series: seeded ${observations.n} observations in ${observations.seconds.toFixed(1)} s, ` +
        `${ids.length} champions in ${championSeconds.toFixed(1)} s`,
    );
    const warmupHour = seed.gridStart + HISTORY_HOURS * HOUR_MS;
    const options = { shardSize: SHARD_SIZE, timeoutS: timeoutOf(size) };
    const warmup = await runCycle(h, warmupHour, options);
    printBreakdown('warm-up cycle (nothing to reconcile yet)', warmup);
    if (BACKLOG_HOURS) {
      const backlog = await seedBacklog(db, warmupHour, BACKLOG_HOURS);
      console.log(
        `  backlog: ${backlog.rows} records of ${BACKLOG_HOURS} earlier cycles in ${backlog.seconds.toFixed(1)} s`,
      );
    }
    const rounds: CycleRun[] = [];
    for (let r = 1; r <= roundsOf(size) && warmup.summary && rounds.every((x) => x.summary); r++)
      rounds.push(await runCycle(h, warmupHour + r * HOUR_MS, options));
    const timed = rounds.find((x) => !x.summary) ?? medianRun(rounds.length ? rounds : [warmup]);
    const all = rounds.map((r) => r.seconds.toFixed(2)).join(', ');
    // The machine is shared: the load beside the figures says how much of it this run had.
    const load = loadavg()[0] as number;
    console.log(`  load average (1 min) after the timed cycles: ${load.toFixed(2)}`);
    if (rounds.length > 0)
      printBreakdown(`timed cycle, median of ${rounds.length} consecutive hours (${all} s)`, timed);
    else console.log('  timed cycles skipped: the warm-up did not finish');
    const profileHour = warmupHour + (ROUNDS + 1) * HOUR_MS;
    const profile = timed.summary
      ? await profileShard(db, ids.slice(0, PROFILE_SAMPLE), profileHour)
      : undefined;
    if (profile) printProfile(profile);
    console.log('');
    const outcome = {
      ...{ size, observations, warmup, timed, rounds, profile, load },
      championsSequential: champions.sequential,
      championsParallel: champions.parallel,
    };
    return outcome;
  } finally {
    await db.drop();
  }
}

function results(outcomes: readonly SizeOutcome[]): void {
  const finished = outcomes.filter((o) => o.timed.summary);
  const base = finished.find((o) => o.size === 100) ?? finished[0];
  const perSeries = (o: SizeOutcome) => o.timed.seconds / o.size;
  for (const o of outcomes) {
    result(`cycle.series_${o.size}.s`, o.timed.seconds);
    if (!o.timed.summary) {
      result(`cycle.series_${o.size}.timed_out`, 1);
      continue;
    }
    result(`cycle.series_${o.size}.warmup_s`, o.warmup.seconds);
    result(`cycle.series_${o.size}.load_1m`, o.load);
    for (const stage of stages(o.timed)) result(`cycle.series_${o.size}.${stage.key}_s`, stage.seconds);
    if (o.profile) result(`cycle.series_${o.size}.direct_ms_per_series`, profileTotal(o.profile));
    if (base && o !== base)
      result(`cycle.per_series_ratio_${o.size}_vs_${base.size}`, perSeries(o) / perSeries(base));
  }
  // Whole-cycle time of each size against the next smaller one (100,000 vs 10,000: target ≤ 11).
  finished.forEach((o, k) => {
    const smaller = finished[k - 1];
    if (smaller)
      result(`cycle.time_ratio_${o.size}_vs_${smaller.size}`, o.timed.seconds / smaller.timed.seconds);
  });
  const largest = finished[finished.length - 1];
  if (largest) result('cycle.rows_per_s', rowsOf(largest.timed) / largest.timed.seconds);
  const seeded = outcomes[outcomes.length - 1];
  if (seeded) {
    const { observations, championsSequential: one, championsParallel: many } = seeded;
    result('cycle.seed.observations_rows_per_s', observations.n / observations.seconds);
    result('cycle.seed.champions_sequential_per_s', one.n / one.seconds);
    if (many.n > 0) result('cycle.seed.champions_parallel_per_s', many.n / many.seconds);
  }
}

async function main(): Promise<void> {
  if (SIZES.some((n) => !(Number.isSafeInteger(n) && n > 0)))
    throw new Error(`--sizes must be positive integers separated by commas, got ${flag('sizes', '')}`);
  if (!(Number.isSafeInteger(ROUNDS) && ROUNDS > 0 && ROUNDS <= 6))
    throw new Error(`--rounds must be an integer from 1 to 6, got ${ROUNDS}`);
  if (!(Number.isSafeInteger(BACKLOG_HOURS) && BACKLOG_HOURS >= 0 && BACKLOG_HOURS <= HISTORY_HOURS - 6))
    throw new Error(
      `--backlog-hours must be an integer from 0 to ${HISTORY_HOURS - 6}, got ${BACKLOG_HOURS}`,
    );
  if (!(Number.isSafeInteger(SHARD_SIZE) && SHARD_SIZE > 0))
    throw new Error(`--shard-size must be a positive integer, got ${SHARD_SIZE}`);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const dataDir = path.resolve(flag('data', DEFAULT_DATA));
  const { sources, skipped } = loadHourlySources(dataDir);
  const h = await startHarness();
  try {
    await header(dataDir, sources, skipped, h);
    const seed = { sources, seed: SEED, count: 0, gridStart: (sources[0] as HourlySource).start };
    const outcomes: SizeOutcome[] = [];
    for (const size of SIZES) outcomes.push(await runSize(h, size, seed));
    printTable(outcomes);
    console.log('');
    results(outcomes);
  } finally {
    await h.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
