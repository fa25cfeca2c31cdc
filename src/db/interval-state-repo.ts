/**
 * Adaptive interval state per model version (012): the core's adaptive conformal state, its current
 * half-widths, and the nominal time of the newest reconciliation applied. Seeded once when a version
 * is registered; moved forward by the cycle from champion records reconciled since.
 */
import { asModelVersionId, asSeriesId, type ModelVersionId, type SeriesId } from '../shared';
import type { Db } from './pool';

/** Half-widths per model step; null where the step has too few scores to say. */
export interface IntervalWidths {
  readonly q80: ReadonlyArray<number | null>;
  readonly q95: ReadonlyArray<number | null>;
}

/** One version's stored state. */
export interface IntervalStateRow extends IntervalWidths {
  readonly versionId: ModelVersionId;
  readonly seriesId: SeriesId;
  /** Nominal time (epoch ms) of the newest reconciliation applied; null when only seeded. */
  readonly appliedUntil: number | null;
  /** The core's `AdaptiveConformalState`, as JSON text. */
  readonly state: string;
}

/** A reconciled champion record's error, oldest reconciliation first. */
export interface ReconciledError {
  readonly versionId: ModelVersionId;
  readonly seriesId: SeriesId;
  readonly horizonStep: number;
  /** The record's target time (epoch ms): with the version and step, it names the record. */
  readonly targetAt: number;
  readonly absError: number;
  readonly reconciledAt: number;
}

const ROWS_PER_STATEMENT = 1_000;

/** Stores a version's first state; a version that already has one keeps it (a retried registration). */
export async function seedIntervalState(db: Db, row: Omit<IntervalStateRow, 'appliedUntil'>): Promise<void> {
  await db.pool.query(
    `INSERT IGNORE INTO interval_state (model_version_id, series_id, applied_until, state, q80, q95)
     VALUES (?, ?, NULL, ?, ?, ?)`,
    [row.versionId, row.seriesId, row.state, JSON.stringify(row.q80), JSON.stringify(row.q95)],
  );
}

/** The current half-widths of a version, or undefined when it has no state. */
export async function readIntervalWidths(
  db: Db,
  versionId: ModelVersionId,
): Promise<IntervalWidths | undefined> {
  const [row] = await db.pool.query<Array<{ q80: string; q95: string }>>(
    'SELECT q80, q95 FROM interval_state WHERE model_version_id = ?',
    [versionId],
  );
  return row && { q80: parseWidths(row.q80), q95: parseWidths(row.q95) };
}

export const parseWidths = (text: string): Array<number | null> => JSON.parse(text) as Array<number | null>;

/** Stored states of these versions (versions without one are absent). */
export async function readIntervalStates(
  db: Db,
  versionIds: readonly ModelVersionId[],
): Promise<Map<ModelVersionId, IntervalStateRow>> {
  const states = new Map<ModelVersionId, IntervalStateRow>();
  for (let i = 0; i < versionIds.length; i += ROWS_PER_STATEMENT) {
    const rows = await db.pool.query<
      Array<
        { model_version_id: number; series_id: number; applied_until: Date | null } & Record<
          'state' | 'q80' | 'q95',
          string
        >
      >
    >(
      `SELECT model_version_id, series_id, applied_until, state, q80, q95 FROM interval_state
       WHERE model_version_id IN (?)`,
      [versionIds.slice(i, i + ROWS_PER_STATEMENT)],
    );
    for (const r of rows) {
      const versionId = asModelVersionId(Number(r.model_version_id));
      states.set(versionId, {
        versionId,
        seriesId: asSeriesId(Number(r.series_id)),
        appliedUntil: r.applied_until?.getTime() ?? null,
        state: r.state,
        q80: parseWidths(r.q80),
        q95: parseWidths(r.q95),
      });
    }
  }
  return states;
}

/**
 * Writes states that applied reconciliations up to `appliedUntil`. A state only moves forward: a row
 * whose stored `applied_until` is already as late (a repeated or newer run got there) is left alone.
 */
export async function writeIntervalStates(
  db: Db,
  rows: readonly Omit<IntervalStateRow, 'appliedUntil'>[],
  appliedUntil: number,
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const newer = 'applied_until IS NULL OR VALUES(applied_until) > applied_until';
    await db.pool.query(
      `INSERT INTO interval_state (model_version_id, series_id, applied_until, state, q80, q95)
       VALUES ${chunk.map(() => '(?,?,?,?,?,?)').join(',')}
       ON DUPLICATE KEY UPDATE
         state = IF(${newer}, VALUES(state), state),
         q80 = IF(${newer}, VALUES(q80), q80),
         q95 = IF(${newer}, VALUES(q95), q95),
         applied_until = IF(${newer}, VALUES(applied_until), applied_until)`,
      chunk.flatMap((r) => [
        r.versionId,
        r.seriesId,
        new Date(appliedUntil),
        r.state,
        JSON.stringify(r.q80),
        JSON.stringify(r.q95),
      ]),
    );
  }
}

/** What {@link reconciledErrors} reads. */
export interface ReconciledErrorsInput {
  /** Nominal time of the run: records reconciled at or before it. */
  readonly asOf: number;
  /** Records whose interval closed within this long before `asOf` (the reconciliation's lookback). */
  readonly lookbackMs: number;
  /** Versions after this id (paging); 0 for the first page. */
  readonly afterVersionId: number;
  /** Versions per page. */
  readonly versions: number;
}

/**
 * Errors of champion records reconciled after their version's `applied_until` (every one in the
 * lookback for a version without state), for the next `versions` versions by id, each version's
 * oldest reconciliation first. Reads the status index's range of reconciled records in the lookback.
 */
export async function reconciledErrors(db: Db, input: ReconciledErrorsInput): Promise<ReconciledError[]> {
  const { asOf, lookbackMs, afterVersionId, versions } = input;
  const pending = `f.reconcile_status = 'reconciled' AND f.role = 'champion'
    AND f.closes_at > ? AND f.closes_at <= ? AND f.reconciled_at <= ?
    AND (s.applied_until IS NULL OR f.reconciled_at > s.applied_until)`;
  const bounds = [new Date(asOf - lookbackMs), new Date(asOf), new Date(asOf)];
  const page = await db.pool.query<Array<{ id: number }>>(
    `SELECT DISTINCT f.model_version_id AS id FROM forecasts f
     LEFT JOIN interval_state s ON s.model_version_id = f.model_version_id
     WHERE ${pending} AND f.model_version_id > ? ORDER BY id LIMIT ?`,
    [...bounds, afterVersionId, versions],
  );
  if (page.length === 0) return [];
  const rows = await db.pool.query<
    Array<{
      model_version_id: number;
      series_id: number;
      horizon_step: number;
      target_at: Date;
      abs_error: number;
      reconciled_at: Date;
    }>
  >(
    `SELECT f.model_version_id, f.series_id, f.horizon_step, f.target_at, f.abs_error, f.reconciled_at FROM forecasts f
     LEFT JOIN interval_state s ON s.model_version_id = f.model_version_id
     WHERE ${pending} AND f.model_version_id IN (?)
     ORDER BY f.model_version_id, f.reconciled_at, f.closes_at, f.horizon_step`,
    [...bounds, page.map((p) => p.id)],
  );
  return rows.map((r) => ({
    versionId: asModelVersionId(Number(r.model_version_id)),
    seriesId: asSeriesId(Number(r.series_id)),
    horizonStep: r.horizon_step,
    targetAt: r.target_at.getTime(),
    absError: r.abs_error,
    reconciledAt: r.reconciled_at.getTime(),
  }));
}
