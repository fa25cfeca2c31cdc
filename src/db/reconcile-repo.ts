import type { PoolConnection, UpsertResult } from 'mariadb';
import type { SeriesId } from '../shared';
import { inTransaction, type Db } from './pool';

/** What one reconciliation run covers. Every time is epoch ms, UTC. */
export interface ReconcileInput {
  /** Nominal time of the run (from the workflow); the only clock the logic reads. */
  readonly asOf: number;
  /** How long after its interval closes a record waits for its actual before it is marked missing. */
  readonly deadlineMs: number;
  /** Only these series; all when absent. */
  readonly seriesIds?: readonly SeriesId[];
  /** At most this many records per kind of change in one call; call again while a count equals it. */
  readonly limit?: number;
  /**
   * How far back (by the close of their interval) reconciled and missing records are re-checked for
   * revised or late actuals. Default 7 days, the longest accuracy window: older changes can no longer
   * move an aggregate. Pending records are always checked, however old.
   */
  readonly lookbackMs?: number;
}

/** What a run changed, and how many matured records still wait for their actual. */
export interface ReconcileResult {
  /** Pending or missing records that received their actual. */
  readonly reconciled: number;
  /** Reconciled records re-scored against a revised actual. */
  readonly revised: number;
  /** Pending records marked missing because the deadline passed without an actual. */
  readonly missing: number;
  /** Matured records still pending afterwards: within their deadline, or left over by `limit`. */
  readonly stillPending: number;
}

const DEFAULT_LOOKBACK_MS = 7 * 86_400_000;
const HOUR_MS = 3_600_000;
const KEY = ['series_id', 'model_version_id', 'issued_at', 'target_at'];
/** The one observation a record is scored against: same series, timestamp = target time. */
const observationOf = (alias: string): string =>
  `observations o ON o.series_id = ${alias}.series_id AND o.ts = ${alias}.target_at`;
/** Errors and hits are computed from the observation only, never from columns this SET changes. */
const ATTACH = `f.actual = o.value, f.actual_revision = o.revision,
  f.abs_error = ABS(o.value - f.point), f.sq_error = POW(o.value - f.point, 2),
  f.ape = IF(o.value = 0, NULL, ABS((o.value - f.point) / o.value)),
  f.in80 = (o.value BETWEEN f.lower80 AND f.upper80), f.in95 = (o.value BETWEEN f.lower95 AND f.upper95),
  f.reconcile_status = 'reconciled', f.reconciled_at = ?, f.missing_reason = NULL`;

interface Statement {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * Attaches to each matured forecast record its own actual from `observations` (same series, ts =
 * target time) and scores it; re-scores records whose actual was revised since; marks records still
 * without an actual past the deadline as `missing` with a reason. A missing record whose actual turns
 * up later (within the lookback) is reconciled after all: late truth beats a missing mark.
 * Deterministic in `asOf`, one transaction, and a repeat with the same input changes nothing.
 */
export async function reconcileMatured(db: Db, input: ReconcileInput): Promise<ReconcileResult> {
  checkInput(input);
  if (input.seriesIds?.length === 0) return { reconciled: 0, revised: 0, missing: 0, stillPending: 0 };
  return inTransaction(db, async (conn) => {
    await countAttempt(conn, input);
    const revised = await update(conn, revisedCandidates(input), ATTACH, [new Date(input.asOf)], input);
    const reconciled = await update(conn, arrivedCandidates(input), ATTACH, [new Date(input.asOf)], input);
    const missing = await update(
      conn,
      overdueCandidates(input),
      `f.reconcile_status = 'missing', f.missing_reason = ?`,
      [missingReason(input)],
      input,
    );
    await pruneRevisions(conn, input);
    return { reconciled, revised, missing, stillPending: await countPending(conn, input) };
  });
}

function checkInput(input: ReconcileInput): void {
  const bad = (field: string, value: unknown): never => {
    throw new RangeError(
      `reconcileMatured input.${field} must be a finite non-negative number, got ${String(value)}`,
    );
  };
  if (!Number.isFinite(input.asOf)) bad('asOf', input.asOf);
  if (!(input.deadlineMs >= 0 && Number.isFinite(input.deadlineMs))) bad('deadlineMs', input.deadlineMs);
  if (input.limit !== undefined && !(Number.isInteger(input.limit) && input.limit > 0))
    bad('limit', input.limit);
  if (input.lookbackMs !== undefined && !(input.lookbackMs >= 0)) bad('lookbackMs', input.lookbackMs);
}

function scope(input: ReconcileInput, alias: string): Statement {
  return input.seriesIds
    ? { sql: ` AND ${alias}.series_id IN (?)`, params: [input.seriesIds] }
    : { sql: '', params: [] };
}

const floorOf = (input: ReconcileInput): Date =>
  new Date(input.asOf - (input.lookbackMs ?? DEFAULT_LOOKBACK_MS));

/**
 * Reconciled records in the lookback whose observation changed since they were scored, found from
 * the change log of revised observations (014), so the cost follows the revisions, not the records.
 */
function revisedCandidates(input: ReconcileInput): Statement {
  const s = scope(input, 'c');
  // `revision` moves with every change of value (observations-repo), so comparing it is enough.
  return {
    sql: `SELECT c.${KEY.join(', c.')} FROM observation_revisions r
      JOIN forecasts c ON c.series_id = r.series_id AND c.target_at = r.ts
      JOIN ${observationOf('c')}
      WHERE r.ts > ? AND c.reconcile_status = 'reconciled' AND c.closes_at > ? AND c.closes_at <= ?
        AND c.actual_revision <> o.revision${s.sql}`,
    // A record's interval starts at its target time, at most a step (an hour) before it closes.
    params: [new Date(floorOf(input).getTime() - HOUR_MS), floorOf(input), new Date(input.asOf), ...s.params],
  };
}

/**
 * Forgets revisions too old for any record in the lookback to care about (their records closed
 * before it). Only an unscoped run prunes, and only behind its own window, so a run of an older hour
 * never removes what a newer one still needs.
 */
async function pruneRevisions(conn: PoolConnection, input: ReconcileInput): Promise<void> {
  if (input.seriesIds) return;
  await conn.query('DELETE FROM observation_revisions WHERE ts < ?', [
    new Date(floorOf(input).getTime() - 2 * HOUR_MS),
  ]);
}

/**
 * Matured records with an observation: every pending one, and missing ones within the lookback.
 * A record matures when its interval has closed: an hourly value at 10:00 is final only at 11:00.
 */
function arrivedCandidates(input: ReconcileInput): Statement {
  const s = scope(input, 'c');
  return {
    sql: `SELECT c.${KEY.join(', c.')} FROM forecasts c JOIN ${observationOf('c')}
      WHERE (c.reconcile_status = 'pending' OR (c.reconcile_status = 'missing' AND c.closes_at > ?))
        AND c.closes_at <= ?${s.sql}`,
    params: [floorOf(input), new Date(input.asOf), ...s.params],
  };
}

/** Pending records without an observation whose interval closed more than `deadlineMs` ago. */
function overdueCandidates(input: ReconcileInput): Statement {
  const s = scope(input, 'c');
  const cutoff = new Date(input.asOf - input.deadlineMs);
  return {
    sql: `SELECT c.${KEY.join(', c.')} FROM forecasts c LEFT JOIN ${observationOf('c')}
      WHERE c.reconcile_status = 'pending' AND o.series_id IS NULL AND c.closes_at < ?${s.sql}`,
    params: [cutoff, ...s.params],
  };
}

function missingReason(input: ReconcileInput): string {
  const minutes = Math.round(input.deadlineMs / 60_000);
  return `no observation at target time within ${minutes} min after its interval closed (as of ${new Date(input.asOf).toISOString()})`;
}

/**
 * Applies `set` to the candidates, oldest first, at most `limit` of them. The candidates are a
 * LIMITed derived table, which MariaDB materialises, so it may read the table the UPDATE writes.
 */
async function update(
  conn: PoolConnection,
  candidates: Statement,
  set: string,
  setParams: unknown[],
  input: ReconcileInput,
): Promise<number> {
  const on = KEY.map((k) => `k.${k} = f.${k}`).join(' AND ');
  const result = await conn.query<UpsertResult>(
    `UPDATE forecasts f
     JOIN (${candidates.sql} ORDER BY c.closes_at, c.series_id, c.model_version_id, c.issued_at LIMIT ?) k ON ${on}
     LEFT JOIN ${observationOf('f')}
     SET ${set}`,
    [...candidates.params, input.limit ?? Number.MAX_SAFE_INTEGER, ...setParams],
  );
  return result.affectedRows;
}

/** Counts one attempt per run (per distinct asOf) on each matured pending record, so a repeat counts nothing. */
async function countAttempt(conn: PoolConnection, input: ReconcileInput): Promise<void> {
  const s = scope(input, 'c');
  const asOf = new Date(input.asOf);
  await conn.query(
    `UPDATE forecasts c SET c.reconcile_attempts = c.reconcile_attempts + 1, c.last_attempt_at = ?
     WHERE c.reconcile_status = 'pending' AND c.closes_at <= ?
       AND (c.last_attempt_at IS NULL OR c.last_attempt_at < ?)${s.sql}`,
    [asOf, asOf, asOf, ...s.params],
  );
}

async function countPending(conn: PoolConnection, input: ReconcileInput): Promise<number> {
  const s = scope(input, 'c');
  const rows = await conn.query<Array<{ n: number }>>(
    `SELECT COUNT(*) AS n FROM forecasts c WHERE c.reconcile_status = 'pending' AND c.closes_at <= ?${s.sql}`,
    [new Date(input.asOf), ...s.params],
  );
  return Number(rows[0]?.n ?? 0);
}
