import type { SeriesId } from '../shared';
import type { Db } from './pool';

/** One series' stored detector state. Times are epoch ms, UTC. */
export interface AnomalyStateRow {
  readonly seriesId: SeriesId;
  readonly detector: string;
  /** Time of the newest observation already scored. */
  readonly scoredUntil: number;
  /** The detector's JSON state. */
  readonly state: string;
}

/** Rows per statement, as in the other repositories. */
const ROWS_PER_STATEMENT = 1_000;

/** Stored states of `detector` for these series (series without one are absent). */
export async function readAnomalyStates(
  db: Db,
  seriesIds: readonly SeriesId[],
  detector: string,
): Promise<Map<SeriesId, AnomalyStateRow>> {
  const states = new Map<SeriesId, AnomalyStateRow>();
  for (let i = 0; i < seriesIds.length; i += ROWS_PER_STATEMENT) {
    const ids = seriesIds.slice(i, i + ROWS_PER_STATEMENT);
    const rows = await db.pool.query<Array<{ series_id: number; scored_until: Date; state: string }>>(
      `SELECT series_id, scored_until, state FROM anomaly_state
       WHERE detector = ? AND series_id IN (?)`,
      [detector, ids],
    );
    for (const r of rows) {
      const seriesId = Number(r.series_id) as SeriesId;
      states.set(seriesId, { seriesId, detector, scoredUntil: r.scored_until.getTime(), state: r.state });
    }
  }
  return states;
}

/**
 * Writes states with the nominal time of the run. A state only moves forward: a row whose stored
 * `scored_until` is already later (a newer run got there first) is left as it is.
 */
export async function writeAnomalyStates(
  db: Db,
  rows: readonly AnomalyStateRow[],
  runAt: number,
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    await db.pool.query(
      `INSERT INTO anomaly_state (series_id, detector, scored_until, state, updated_at)
       VALUES ${chunk.map(() => '(?,?,?,?,?)').join(',')}
       ON DUPLICATE KEY UPDATE
         state = IF(VALUES(scored_until) >= scored_until, VALUES(state), state),
         updated_at = IF(VALUES(scored_until) >= scored_until, VALUES(updated_at), updated_at),
         scored_until = GREATEST(scored_until, VALUES(scored_until))`,
      chunk.flatMap((r) => [r.seriesId, r.detector, new Date(r.scoredUntil), r.state, new Date(runAt)]),
    );
  }
}

/** Observations of several series in [from, to), grouped by series, oldest first. */
export async function readObservationsOf(
  db: Db,
  seriesIds: readonly SeriesId[],
  range: { readonly from: number; readonly to: number },
): Promise<Map<SeriesId, { t: number; value: number }[]>> {
  const bySeries = new Map<SeriesId, { t: number; value: number }[]>();
  for (let i = 0; i < seriesIds.length; i += ROWS_PER_STATEMENT) {
    const ids = seriesIds.slice(i, i + ROWS_PER_STATEMENT);
    const rows = await db.pool.query<Array<{ series_id: number; ts: Date; value: number }>>(
      `SELECT series_id, ts, value FROM observations
       WHERE series_id IN (?) AND ts >= ? AND ts < ?
       ORDER BY series_id, ts`,
      [ids, new Date(range.from), new Date(range.to)],
    );
    for (const r of rows) {
      const seriesId = Number(r.series_id) as SeriesId;
      const list = bySeries.get(seriesId) ?? [];
      list.push({ t: r.ts.getTime(), value: r.value });
      bySeries.set(seriesId, list);
    }
  }
  return bySeries;
}
