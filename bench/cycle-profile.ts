/**
 * Where a shard's time goes, outside Temporal: the same calls `forecastShard` makes (per 500
 * series `readShardBatch`'s champions, artifacts, history and interval widths; per series model
 * load, predict and rows; one upsert per 100 series), each timed, then the reads earlier code made
 * (per series, or the 14-day history floor) on the same series.
 */
import {
  createModelStore,
  getAlias,
  loadArtifact,
  loadArtifacts,
  readIntervalWidths,
  readIntervalWidthsOf,
  readObservations,
  readChampions,
  readRecentObservations,
  upsertForecasts,
  type Db,
  type ForecastRow,
} from '../src/db';
import {
  ChampionCache,
  forecastFromBatch,
  lookbackMs,
  readShardBatch,
  type ShardReads,
} from '../src/modelling';
import type { SeriesId } from '../src/shared';
import { HOUR_MS } from './cycle-data';
import { HORIZON } from './cycle-seed';

const SERIES_PER_WRITE = 100;
/** As the shard activity: champions, artifacts and history of 500 series read at once. */
const SERIES_PER_READ = 500;

/** Mean ms per series of each step, in call order. */
export type StepTimes = Map<string, number>;

export interface ProfileResult {
  readonly series: number;
  readonly perSeries: StepTimes;
  /** Alternatives measured on the same series, ms per series. */
  readonly alternatives: StepTimes;
}

class Clock {
  readonly totals: StepTimes = new Map();
  async time<T>(step: string, work: () => Promise<T> | T): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.totals.set(step, (this.totals.get(step) ?? 0) + performance.now() - start);
    }
  }
}

const perSeries = (totals: StepTimes, n: number): StepTimes =>
  new Map([...totals].map(([k, ms]) => [k, ms / n]));

/** The shard's loop, step by step, for `ids` at `issuedAt` (written rows are real upserts). */
async function shardSteps(db: Db, ids: readonly SeriesId[], issuedAt: number): Promise<StepTimes> {
  const clock = new Clock();
  const job = { granularity: '1h' as const, horizon: HORIZON, issuedAt };
  // A cache that keeps nothing, so every series pays its model load as on a cold worker.
  const cache = new ChampionCache(0);
  const m = { store: createModelStore(db), heartbeat: () => Promise.resolve() };
  const reads: ShardReads = {
    champions: (chunk, g, h) =>
      clock.time('champions (one query per 500)', () => readChampions(db, chunk, g, h)),
    artifacts: (versionIds) =>
      clock.time('artifacts (one query per 500)', () => loadArtifacts(db, versionIds)),
    recentObservations: (chunk, range) =>
      clock.time("history by the models' reads (one query per 500)", () =>
        readRecentObservations(db, chunk, range),
      ),
    intervalWidths: (versionIds) =>
      clock.time('interval widths (one query per 500)', () => readIntervalWidthsOf(db, versionIds)),
  };
  let pending: ForecastRow[] = [];
  for (let first = 0; first < ids.length; first += SERIES_PER_READ) {
    const chunk = ids.slice(first, first + SERIES_PER_READ);
    const batch = await readShardBatch(reads, cache, job, chunk);
    for (const [k, seriesId] of chunk.entries()) {
      const outcome = await clock.time('model load, predict, rows', () =>
        forecastFromBatch(m, cache, batch, job, seriesId),
      );
      if (outcome.kind !== 'rows') throw new Error(`series ${seriesId} was not forecast: ${outcome.kind}`);
      pending.push(...outcome.rows);
      if ((first + k + 1) % SERIES_PER_WRITE === 0 || first + k + 1 === ids.length) {
        await clock.time('forecast upsert (per 100)', () => upsertForecasts(db, pending));
        pending = [];
      }
      await clock.time('heartbeat yield', () => new Promise<void>((resolve) => setImmediate(resolve)));
    }
  }
  return perSeries(clock.totals, ids.length);
}

/**
 * The reads earlier code made on the same series: per series before batching (champion, artifact,
 * history, interval widths), and per 500 the 14-day history floor every model read before issue 14's
 * reads by the model (`lookbackMs`).
 */
async function alternatives(db: Db, ids: readonly SeriesId[], issuedAt: number): Promise<StepTimes> {
  const clock = new Clock();
  for (const seriesId of ids) {
    const key = { seriesId, granularity: '1h' as const, horizon: HORIZON };
    const version = await clock.time('per series: champion lookup (getAlias)', () =>
      getAlias(db, key, 'champion'),
    );
    if (version) await clock.time('per series: artifact read', () => loadArtifact(db, version.id));
    if (version)
      await clock.time('per series: interval widths (before)', () => readIntervalWidths(db, version.id));
    await clock.time('per series: history 14 d', () =>
      readObservations(db, seriesId, { from: issuedAt - 14 * 24 * HOUR_MS, to: issuedAt }),
    );
  }
  for (let first = 0; first < ids.length; first += SERIES_PER_READ) {
    const chunk = ids.slice(first, first + SERIES_PER_READ);
    const champions = await readChampions(db, chunk, '1h', HORIZON);
    const windows = [...champions.values()].map((v) => v.metadata.window ?? 0);
    await clock.time('history 14 d floor, one query per 500 (before)', () =>
      readRecentObservations(db, [...champions.keys()], {
        from: issuedAt - lookbackMs(HOUR_MS, Math.max(0, ...windows)),
        to: issuedAt,
      }),
    );
  }
  return perSeries(clock.totals, ids.length);
}

/** Profiles `ids` (the shard path, then the alternatives) at `issuedAt`. */
export async function profileShard(
  db: Db,
  ids: readonly SeriesId[],
  issuedAt: number,
): Promise<ProfileResult> {
  const perSeriesTimes = await shardSteps(db, ids, issuedAt);
  return {
    series: ids.length,
    perSeries: perSeriesTimes,
    alternatives: await alternatives(db, ids, issuedAt),
  };
}
