/**
 * Where a shard's time goes, series by series, outside Temporal: the same calls `forecastShard`
 * makes (champion lookup, artifact read, model load, history read, predict, rows, one upsert per
 * 100 series), each timed, then the batched reads a shard could make instead, on the same series.
 */
import { loadArtifact, getAlias, upsertForecasts, type Db, type ForecastRow } from '../src/db';
import { loadForecaster } from '../src/forecast';
import { createModelStore } from '../src/db';
import { forecastRows, readRecentHistory } from '../src/modelling';
import type { SeriesId } from '../src/shared';
import { HOUR_MS } from './cycle-data';
import { HORIZON } from './cycle-seed';

const SERIES_PER_WRITE = 100;

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
  let pending: ForecastRow[] = [];
  for (const [i, seriesId] of ids.entries()) {
    const key = { seriesId, granularity: '1h' as const, horizon: HORIZON };
    const version = await clock.time('champion lookup (getAlias)', () => getAlias(db, key, 'champion'));
    if (!version) throw new Error(`series ${seriesId} has no champion`);
    const artifact = await clock.time('artifact read (loadArtifact)', () => loadArtifact(db, version.id));
    const forecaster = await clock.time('model load (loadForecaster)', () => loadForecaster(artifact));
    const window = artifact.metadata.window;
    const model = { versionId: version.id, kind: version.kind, window, forecaster };
    const history = await clock.time('history read (14 d)', () =>
      readRecentHistory(
        { store: createModelStore(db), heartbeat: () => Promise.resolve() },
        seriesId,
        HOUR_MS,
        issuedAt,
        window,
      ),
    );
    const forecast = await clock.time('predict', () => forecaster.predict({ history }));
    pending.push(
      ...(await clock.time('rows', () =>
        forecastRows(forecast, model, {
          seriesId,
          issuedAt,
          role: 'champion',
          stepMs: HOUR_MS,
          horizon: HORIZON,
        }),
      )),
    );
    forecaster.dispose();
    if ((i + 1) % SERIES_PER_WRITE === 0 || i + 1 === ids.length) {
      await clock.time('forecast upsert (per 100)', () => upsertForecasts(db, pending));
      pending = [];
    }
    await clock.time('heartbeat yield', () => new Promise<void>((resolve) => setImmediate(resolve)));
  }
  return perSeries(clock.totals, ids.length);
}

/** Batched and narrower reads a shard could make instead, per 100 series. */
async function alternatives(db: Db, ids: readonly SeriesId[], issuedAt: number): Promise<StepTimes> {
  const clock = new Clock();
  const at = new Date(issuedAt);
  for (let i = 0; i < ids.length; i += SERIES_PER_WRITE) {
    const chunk = ids.slice(i, i + SERIES_PER_WRITE);
    await clock.time('champions + artifacts, one query per 100', () =>
      db.pool.query(
        `SELECT a.series_id, v.id, v.kind, v.metadata, v.state, v.weights, v.artifact_sha256
         FROM model_aliases a JOIN model_versions v ON v.id = a.model_version_id
         WHERE a.series_id IN (?) AND a.granularity = '1h' AND a.horizon = ? AND a.alias = 'champion'`,
        [chunk, HORIZON],
      ),
    );
    await clock.time('history 14 d, one query per 100', () =>
      db.pool.query(
        'SELECT series_id, ts, value FROM observations WHERE series_id IN (?) AND ts >= ? AND ts < ? ORDER BY series_id, ts',
        [chunk, new Date(issuedAt - 14 * 24 * HOUR_MS), at],
      ),
    );
    await clock.time('history 48 h, one query per 100', () =>
      db.pool.query(
        'SELECT series_id, ts, value FROM observations WHERE series_id IN (?) AND ts >= ? AND ts < ? ORDER BY series_id, ts',
        [chunk, new Date(issuedAt - 48 * HOUR_MS), at],
      ),
    );
    for (const id of chunk)
      await clock.time('history 48 h, one query per series', () =>
        db.pool.query(
          'SELECT ts, value FROM observations WHERE series_id = ? AND ts >= ? AND ts < ? ORDER BY ts',
          [id, new Date(issuedAt - 48 * HOUR_MS), at],
        ),
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
