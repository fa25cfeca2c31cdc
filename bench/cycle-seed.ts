/**
 * Seeding a scratch database for the cycle benchmark: N synthetic hourly series with their
 * observations (multi-row upserts), and a champion for each (kinds in `--models` proportions). Timed apart from the
 * cycle; champion registration is timed one by one on a sample, then run a few at a time.
 */
import {
  naturalKeyOf,
  registerVersion,
  setAlias,
  upsertObservations,
  upsertSeries,
  type Db,
  type ObservationRow,
  type SeriesIdentity,
} from '../src/db';
import type { ModelArtifact } from '../src/forecast';
import type { SeriesId } from '../src/shared';
import { GRID_HOURS, HOUR_MS, makeClone, type HourlySource } from './cycle-data';

export const HORIZON = 6;
/** Series created per round: 500 × 344 hourly rows ≈ 170k rows in memory at once. */
const SERIES_PER_ROUND = 500;
/** Champions registered strictly one after another, to measure that rate. */
const SEQUENTIAL_SAMPLE = 200;
/** Registrations in flight afterwards: each locks only its own series row. */
const PARALLEL_REGISTRATIONS = 8;

export interface SeedOptions {
  readonly sources: readonly HourlySource[];
  readonly count: number;
  readonly seed: number;
  /** Epoch ms of the grid's first hour. */
  readonly gridStart: number;
}

export interface Rate {
  readonly n: number;
  readonly seconds: number;
}

export interface SeedTimings {
  readonly observations: Rate;
  readonly championsSequential: Rate;
  readonly championsParallel: Rate;
}

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

function identity(index: number, source: string): SeriesIdentity {
  return {
    source: 'bench',
    namespace: 'Bench/Cycle',
    metric: source,
    dimensions: { Clone: String(index) },
    host: `clone-${index}`,
    site: '',
    unit: '',
    granularity: '1h',
  };
}

/** Creates the series and their hourly observations; returns ids in clone order and the rows written. */
export async function seedSeries(db: Db, options: SeedOptions): Promise<{ ids: SeriesId[]; rate: Rate }> {
  const start = process.hrtime.bigint();
  const ids: SeriesId[] = [];
  let rows = 0;
  for (let first = 0; first < options.count; first += SERIES_PER_ROUND) {
    const last = Math.min(options.count, first + SERIES_PER_ROUND);
    const clones = Array.from({ length: last - first }, (_, k) =>
      makeClone(options.sources, first + k, options.seed),
    );
    const identities = clones.map((c) => identity(c.index, c.source));
    const byKey = await upsertSeries(db, identities);
    const round: ObservationRow[] = [];
    clones.forEach((clone, k) => {
      const seriesId = byKey.get(naturalKeyOf(identities[k] as SeriesIdentity)) as SeriesId;
      ids.push(seriesId);
      for (let h = 0; h < GRID_HOURS; h++)
        round.push({ seriesId, t: options.gridStart + h * HOUR_MS, value: clone.values[h] ?? 0, count: 12 });
    });
    rows += await upsertObservations(db, round);
  }
  return { ids, rate: { n: rows, seconds: seconds(start) } };
}

const isDeadlock = (error: unknown): boolean => (error as { errno?: number }).errno === 1213;

/** Registers `artifact` as a new version of the series' hourly key and points the champion at it. */
async function registerChampion(db: Db, seriesId: SeriesId, artifact: ModelArtifact): Promise<void> {
  const key = { seriesId, granularity: '1h' as const, horizon: HORIZON };
  for (let attempt = 1; ; attempt++) {
    try {
      const { id } = await registerVersion(db, { ...key, artifact });
      await setAlias(db, key, 'champion', id, 'bench:cycle seed');
      return;
    } catch (error) {
      if (!isDeadlock(error) || attempt >= 3) throw error;
    }
  }
}

/**
 * Champions for every id, `artifactOf(index)` for the id at that index: a sample strictly one by
 * one (timed), the rest a few at a time (timed).
 */
export async function seedChampions(
  db: Db,
  ids: readonly SeriesId[],
  artifactOf: (index: number) => ModelArtifact | Promise<ModelArtifact>,
): Promise<{ sequential: Rate; parallel: Rate }> {
  const sample = ids.slice(0, SEQUENTIAL_SAMPLE);
  let start = process.hrtime.bigint();
  for (const [i, id] of sample.entries()) await registerChampion(db, id, await artifactOf(i));
  const sequential = { n: sample.length, seconds: seconds(start) };
  const rest = ids.length - sample.length;
  start = process.hrtime.bigint();
  let next = sample.length;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < ids.length; i = next++)
      await registerChampion(db, ids[i] as SeriesId, await artifactOf(i));
  };
  await Promise.all(Array.from({ length: PARALLEL_REGISTRATIONS }, lane));
  return { sequential, parallel: { n: rest, seconds: seconds(start) } };
}
