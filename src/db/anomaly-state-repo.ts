import type { SeriesId } from '../shared';
import type { Db } from './pool';

/** One series' stored detector state. Times are epoch ms, UTC. */
export interface AnomalyStateRow {
  readonly seriesId: SeriesId;
  readonly detector: string;
  /** Time of the newest observation already scored. */
  readonly scoredUntil: number;
  /** The detector's stored state: binary (`encodeOnlineState`), or JSON in rows written before it. */
  readonly state: Uint8Array;
}

/** Rows per write statement, as in the other repositories. */
const ROWS_PER_STATEMENT = 1_000;
/**
 * Series per read: under MariaDB's `in_predicate_conversion_threshold` (1,000). From 1,000 ids up
 * the IN list becomes a joined table and the observations read used only the key's series part:
 * every stored row of each series was read to keep an hour of them (80 ms per 1,000 series against
 * 13 ms in two reads of 500).
 */
const SERIES_PER_READ = 500;

/** Stored states of `detector` for these series (series without one are absent). */
export async function readAnomalyStates(
  db: Db,
  seriesIds: readonly SeriesId[],
  detector: string,
): Promise<Map<SeriesId, AnomalyStateRow>> {
  const states = new Map<SeriesId, AnomalyStateRow>();
  for (let i = 0; i < seriesIds.length; i += SERIES_PER_READ) {
    const ids = seriesIds.slice(i, i + SERIES_PER_READ);
    const rows = await db.pool.query<Array<[number, Date, Buffer]>>(
      {
        sql: `SELECT series_id, scored_until, state FROM anomaly_state
          WHERE detector = ? AND series_id IN (?)`,
        rowsAsArray: true,
      },
      [detector, ids],
    );
    for (const [id, scoredUntil, bytes] of rows) {
      const seriesId = Number(id) as SeriesId;
      // A copy: the bytes are decoded after later reads, and the driver may reuse its buffers.
      const state = new Uint8Array(bytes);
      states.set(seriesId, { seriesId, detector, scoredUntil: scoredUntil.getTime(), state });
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
      chunk.flatMap((r) => [
        r.seriesId,
        r.detector,
        new Date(r.scoredUntil),
        Buffer.from(r.state.buffer, r.state.byteOffset, r.state.byteLength),
        new Date(runAt),
      ]),
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
  for (let i = 0; i < seriesIds.length; i += SERIES_PER_READ) {
    const ids = seriesIds.slice(i, i + SERIES_PER_READ);
    const rows = await db.pool.query<Array<{ series_id: number; ts: Date; value: number }>>(
      `SELECT series_id, ts, value FROM observations
       WHERE series_id IN (?) AND ts >= ? AND ts < ?
       ORDER BY series_id, ts`,
      [ids, new Date(range.from), new Date(range.to)],
    );
    for (const { series_id: id, ts, value } of rows) {
      const seriesId = Number(id) as SeriesId;
      const list = bySeries.get(seriesId);
      if (list === undefined) bySeries.set(seriesId, [{ t: ts.getTime(), value }]);
      else list.push({ t: ts.getTime(), value });
    }
  }
  return bySeries;
}
