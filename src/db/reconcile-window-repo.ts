import { asModelVersionId, asSeriesId, type ModelVersionId, type SeriesId } from '../shared';
import type { Db } from './pool';
import { reconcileMatured, type ReconcileResult } from './reconcile-repo';

/** One check of the forecasts issued at one time. Every time is epoch ms, UTC. */
export interface ReconcileWindowInput {
  /** Nominal issue time of the cycle whose records are checked. */
  readonly issuedAt: number;
  /** Nominal time of this check; the only clock the logic reads. */
  readonly asOf: number;
  /** How long after its interval closes a record waits for its actual before it is marked missing. */
  readonly deadlineMs: number;
}

/** Where the records of one issue time stand after a check. */
export interface WindowCounts {
  readonly total: number;
  /** Still waiting: not matured yet, or matured and within the deadline. */
  readonly pending: number;
  /** Pending records whose interval has closed by `asOf`. */
  readonly maturedPending: number;
  readonly reconciled: number;
  readonly missing: number;
}

/** A record given up on, as people need to see it. */
export interface MissingRecord {
  readonly seriesId: SeriesId;
  readonly modelVersionId: ModelVersionId;
  readonly targetAt: number;
  readonly reason: string | null;
}

export interface ReconcileWindowResult {
  /** What `reconcileMatured` changed on the window's series (records of later issues included). */
  readonly changes: ReconcileResult;
  readonly window: WindowCounts;
  /** The window's missing records, at most {@link MAX_LISTED_MISSING}. */
  readonly missing: readonly MissingRecord[];
}

/** Missing records listed in full up to this many: small enough for a workflow history. */
export const MAX_LISTED_MISSING = 20;
const NOTHING: ReconcileResult = { reconciled: 0, revised: 0, missing: 0, stillPending: 0 };

/**
 * Reconciles the records issued at `issuedAt` as of `asOf` and counts where they stand.
 * `reconcileMatured` has no issue-time filter, so it runs scoped to the window's series with its
 * lookback starting at `issuedAt`: the window's records are all in scope, and so are the newer
 * records of the same series that closed since, which are due anyway. Safe to repeat (the
 * underlying reconciliation is deterministic in `asOf`).
 */
export async function reconcileWindow(db: Db, input: ReconcileWindowInput): Promise<ReconcileWindowResult> {
  const seriesIds = await windowSeries(db, input.issuedAt);
  const changes =
    seriesIds.length === 0
      ? NOTHING
      : await reconcileMatured(db, {
          asOf: input.asOf,
          deadlineMs: input.deadlineMs,
          seriesIds,
          lookbackMs: Math.max(0, input.asOf - input.issuedAt),
        });
  const window = await windowCounts(db, input.issuedAt, input.asOf);
  const missing = window.missing === 0 ? [] : await listMissing(db, input.issuedAt);
  return { changes, window, missing };
}

async function windowSeries(db: Db, issuedAt: number): Promise<SeriesId[]> {
  const rows = await db.pool.query<Array<{ series_id: number }>>(
    'SELECT DISTINCT series_id FROM forecasts WHERE issued_at = ?',
    [new Date(issuedAt)],
  );
  return rows.map((r) => asSeriesId(r.series_id));
}

/** Counts of the window's records by status, read from `ix_forecasts_issued` alone. */
export async function windowCounts(db: Db, issuedAt: number, asOf: number): Promise<WindowCounts> {
  const rows = await db.pool.query<Array<{ status: string; n: number; matured: number | null }>>(
    `SELECT reconcile_status AS status, COUNT(*) AS n, SUM(closes_at <= ?) AS matured
     FROM forecasts WHERE issued_at = ? GROUP BY reconcile_status`,
    [new Date(asOf), new Date(issuedAt)],
  );
  const count = (status: string) => rows.find((r) => r.status === status);
  const pending = count('pending');
  const [reconciled, missing] = [Number(count('reconciled')?.n ?? 0), Number(count('missing')?.n ?? 0)];
  const waiting = Number(pending?.n ?? 0);
  return {
    total: waiting + reconciled + missing,
    pending: waiting,
    maturedPending: Number(pending?.matured ?? 0),
    reconciled,
    missing,
  };
}

async function listMissing(db: Db, issuedAt: number): Promise<MissingRecord[]> {
  const rows = await db.pool.query<
    Array<{ series_id: number; model_version_id: number; target_at: Date; missing_reason: string | null }>
  >(
    `SELECT series_id, model_version_id, target_at, missing_reason FROM forecasts
     WHERE issued_at = ? AND reconcile_status = 'missing' ORDER BY series_id, target_at, model_version_id LIMIT ?`,
    [new Date(issuedAt), MAX_LISTED_MISSING],
  );
  return rows.map((r) => ({
    seriesId: asSeriesId(r.series_id),
    modelVersionId: asModelVersionId(r.model_version_id),
    targetAt: r.target_at.getTime(),
    reason: r.missing_reason,
  }));
}
