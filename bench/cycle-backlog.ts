/**
 * Optional steady state for the cycle benchmark (`--backlog-hours H`): a running system holds the
 * reconciled records of every earlier cycle, and reconciliation, accuracy and the dashboard scan
 * them. The warm-up cycle's records are copied to the H issue hours before it, reconciled against
 * their seeded actual when their interval closed by the warm-up hour and pending otherwise, so the
 * timed cycles see a table of that age.
 */
import type { Db } from '../src/db';

const COLUMNS = `series_id, model_version_id, issued_at, target_at, closes_at, horizon_step, role, model_kind,
  point, lower80, upper80, lower95, upper95, actual, actual_revision, abs_error, sq_error, ape, in80, in95,
  reconcile_status, reconciled_at`;

/** Inserts `hours` earlier cycles' records (one statement per hour); returns rows and seconds. */
export async function seedBacklog(
  db: Db,
  warmupHour: number,
  hours: number,
): Promise<{ rows: number; seconds: number }> {
  const start = performance.now();
  let rows = 0;
  for (let k = 1; k <= hours; k++) {
    const result = await db.pool.query<{ affectedRows: number }>(
      `INSERT INTO forecasts (${COLUMNS})
       SELECT f.series_id, f.model_version_id, f.issued_at - INTERVAL ? HOUR, f.target_at - INTERVAL ? HOUR,
         f.closes_at - INTERVAL ? HOUR, f.horizon_step, f.role, f.model_kind, f.point, f.lower80, f.upper80,
         f.lower95, f.upper95, o.value, o.revision, ABS(o.value - f.point), POW(o.value - f.point, 2),
         IF(o.value = 0, NULL, ABS((o.value - f.point) / o.value)), o.value BETWEEN f.lower80 AND f.upper80,
         o.value BETWEEN f.lower95 AND f.upper95, 'reconciled', f.closes_at - INTERVAL ? HOUR
       FROM forecasts f JOIN observations o ON o.series_id = f.series_id AND o.ts = f.target_at - INTERVAL ? HOUR
       WHERE f.issued_at = ?`,
      [k, k, k, k, k, new Date(warmupHour)],
    );
    rows += result.affectedRows;
  }
  // Records whose interval had not closed by the warm-up hour are still waiting for their actual.
  await db.pool.query(
    `UPDATE forecasts SET reconcile_status = 'pending', actual = NULL, actual_revision = NULL, abs_error = NULL,
       sq_error = NULL, ape = NULL, in80 = NULL, in95 = NULL, reconciled_at = NULL
     WHERE issued_at < ? AND closes_at > ?`,
    [new Date(warmupHour), new Date(warmupHour)],
  );
  return { rows, seconds: (performance.now() - start) / 1000 };
}
