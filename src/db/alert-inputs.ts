import { asSeriesId, type ForecastBands, type SeriesId } from '../shared';
import type { Db } from './pool';

/** An active series with the metric name limit patterns match. */
export interface AlertSeriesRow {
  readonly id: SeriesId;
  readonly name: string;
  readonly metric: string;
}

/** One champion forecast step. Times are epoch ms, UTC. */
export interface IssuedStep extends ForecastBands {
  readonly targetAt: number;
}

/** One observation. */
export interface NewestActual {
  readonly ts: number;
  readonly value: number;
}

/** Active series with the metric name limit patterns match, ordered by id. */
export async function alertSeries(db: Db): Promise<AlertSeriesRow[]> {
  const rows = await db.pool.query<Array<{ id: number; name: string; metric: string }>>(
    'SELECT id, name, metric FROM series WHERE active = 1 ORDER BY id',
  );
  return rows.map((r) => ({ id: asSeriesId(r.id), name: r.name, metric: r.metric }));
}

/**
 * The champion forecast each series was issued at exactly `issuedAt` (the cycle's own), steps in
 * target order; the higher version wins if two served as champion. Series without one are absent.
 */
export async function forecastsIssuedAt(
  db: Db,
  issuedAt: number,
  seriesIds: readonly SeriesId[],
): Promise<Map<SeriesId, IssuedStep[]>> {
  const byId = new Map<SeriesId, IssuedStep[]>();
  if (seriesIds.length === 0) return byId;
  const at = new Date(issuedAt);
  const rows = await db.pool.query<
    Array<{ series_id: number; target_at: Date } & Omit<IssuedStep, 'targetAt'>>
  >(
    `SELECT f.series_id, f.target_at, f.point, f.lower80, f.upper80, f.lower95, f.upper95
     FROM forecasts f JOIN (
       SELECT series_id, MAX(model_version_id) AS v FROM forecasts
       WHERE issued_at = ? AND role = 'champion' AND series_id IN (?) GROUP BY series_id
     ) c ON c.series_id = f.series_id AND c.v = f.model_version_id
     WHERE f.issued_at = ? AND f.role = 'champion' ORDER BY f.series_id, f.target_at`,
    [at, seriesIds, at],
  );
  for (const r of rows) {
    const id = asSeriesId(r.series_id);
    const steps = byId.get(id) ?? [];
    const { point, lower80, upper80, lower95, upper95 } = r;
    steps.push({ targetAt: r.target_at.getTime(), point, lower80, upper80, lower95, upper95 });
    byId.set(id, steps);
  }
  return byId;
}

/** The newest observation of each series in [from, to), from the primary key; series with none are absent. */
export async function newestActuals(
  db: Db,
  seriesIds: readonly SeriesId[],
  range: { readonly from: number; readonly to: number },
): Promise<Map<SeriesId, NewestActual>> {
  if (seriesIds.length === 0) return new Map();
  const from = new Date(range.from);
  const to = new Date(range.to);
  const rows = await db.pool.query<Array<{ series_id: number; ts: Date; value: number }>>(
    `SELECT o.series_id, o.ts, o.value FROM observations o JOIN (
       SELECT series_id, MAX(ts) AS ts FROM observations
       WHERE series_id IN (?) AND ts >= ? AND ts < ? GROUP BY series_id
     ) n ON n.series_id = o.series_id AND n.ts = o.ts`,
    [seriesIds, from, to],
  );
  return new Map(rows.map((r) => [asSeriesId(r.series_id), { ts: r.ts.getTime(), value: r.value }]));
}
