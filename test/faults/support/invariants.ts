/**
 * What must hold after any fault, checked with SQL against the database the cycles wrote: every
 * count is a number of violations, so a report with only zeros (and `expectedRows` rows) is clean.
 */
import type { Db } from '../../../src/db';
import type { SeriesId } from '../../../src/shared';

/** The cycles that ran: each series listed had a champion at each issue hour, so owes `horizon` rows. */
export interface CycleExpectation {
  readonly issuedAt: readonly number[];
  readonly seriesIds: readonly SeriesId[];
  readonly horizon: number;
  /** Nominal hour of the last cycle: what the accuracy aggregates and reconciliation describe. */
  readonly asOf: number;
  /** Reconciliation deadline the cycles ran with (default 2 h). */
  readonly deadlineMs: number;
}

export interface InvariantReport {
  /** Forecast rows the cycles owe: series × issue hours × horizon. */
  readonly expectedRows: number;
  /** Owed (series, issue hour, horizon step) with no row. */
  readonly missingRows: number;
  /** Rows beyond one per owed (series, issue hour, horizon step): a second model version, or unowed rows. */
  readonly duplicateRows: number;
  /** Aggregate keys missing, extra, or with values different from a recomputation from the forecasts. */
  readonly accuracyMismatches: number;
  /** Matured records still pending although their actual exists or their deadline passed. */
  readonly unreconciledMatured: number;
  /** Reconciled records whose actual is not the observation's value, or missing ones without a reason. */
  readonly badReconciliations: number;
  /** Series with more than one retrain decision still `running`. */
  readonly concurrentRetrainDecisions: number;
}

const count = async (db: Db, sql: string, params: unknown[] = []): Promise<number> => {
  const rows = await db.pool.query<Array<{ n: number | null }>>(sql, params);
  return Number(rows[0]?.n ?? 0);
};

/** Missing and duplicate forecast rows against the expectation. */
async function forecastRows(db: Db, e: CycleExpectation) {
  const rows = await db.pool.query<Array<{ series_id: number; issued_at: Date; step: number; n: number }>>(
    `SELECT series_id, issued_at, horizon_step AS step, COUNT(*) AS n FROM forecasts
     GROUP BY series_id, issued_at, horizon_step`,
  );
  const owed = new Set<string>();
  for (const s of e.seriesIds)
    for (const t of e.issuedAt) for (let k = 1; k <= e.horizon; k++) owed.add(`${s}/${t}/${k}`);
  let duplicateRows = 0;
  let found = 0;
  for (const r of rows) {
    const key = `${r.series_id}/${r.issued_at.getTime()}/${r.step}`;
    const n = Number(r.n);
    if (owed.has(key)) {
      found++;
      duplicateRows += n - 1;
    } else duplicateRows += n;
  }
  return { expectedRows: owed.size, missingRows: owed.size - found, duplicateRows };
}

const WINDOWS: ReadonlyArray<readonly [string, number]> = [
  ['1h', 3_600_000],
  ['24h', 86_400_000],
  ['7d', 7 * 86_400_000],
];

/** Aggregates recomputed from the reconciled records, the same formulas as the refresh, compared in JS. */
async function accuracyMismatches(db: Db, asOf: number): Promise<number> {
  type Agg = {
    k: string;
    n: number;
    mae: number;
    rmse: number;
    mape: number | null;
    c80: number;
    c95: number;
  };
  const expected = new Map<string, Agg>();
  for (const [window, ms] of WINDOWS) {
    const rows = await db.pool.query<Agg[]>(
      `SELECT CONCAT_WS('/', series_id, model_version_id, horizon_step, ?) AS k, COUNT(*) AS n,
         AVG(abs_error) AS mae, SQRT(AVG(sq_error)) AS rmse, 100 * AVG(ape) AS mape,
         AVG(CAST(in80 AS DOUBLE)) AS c80, AVG(CAST(in95 AS DOUBLE)) AS c95
       FROM forecasts WHERE reconcile_status = 'reconciled' AND closes_at > ? AND closes_at <= ?
       GROUP BY series_id, model_version_id, horizon_step`,
      [window, new Date(asOf - ms), new Date(asOf)],
    );
    for (const r of rows) expected.set(r.k, r);
  }
  const stored = await db.pool.query<Array<Agg & { as_of: Date }>>(
    `SELECT CONCAT_WS('/', series_id, model_version_id, horizon_step, window_name) AS k, n, mae, rmse, mape,
       coverage80 AS c80, coverage95 AS c95, as_of FROM accuracy_aggregates`,
  );
  const near = (a: number | null, b: number | null) =>
    a === null || b === null
      ? a === b
      : Math.abs(Number(a) - Number(b)) <= 1e-9 * Math.max(1, Math.abs(Number(b)));
  let bad = 0;
  for (const s of stored) {
    const x = expected.get(s.k);
    expected.delete(s.k);
    const same =
      x !== undefined &&
      s.as_of.getTime() === asOf &&
      Number(s.n) === Number(x.n) &&
      [
        [s.mae, x.mae],
        [s.rmse, x.rmse],
        [s.mape, x.mape],
        [s.c80, x.c80],
        [s.c95, x.c95],
      ].every(([a, b]) => near(a ?? null, b ?? null));
    if (!same) bad++;
  }
  return bad + expected.size;
}

/** Checks every invariant; see `InvariantReport`. */
export async function checkInvariants(db: Db, e: CycleExpectation): Promise<InvariantReport> {
  const asOf = new Date(e.asOf);
  const cutoff = new Date(e.asOf - e.deadlineMs);
  const obs = 'observations o ON o.series_id = f.series_id AND o.ts = f.target_at';
  return {
    ...(await forecastRows(db, e)),
    accuracyMismatches: await accuracyMismatches(db, e.asOf),
    unreconciledMatured: await count(
      db,
      `SELECT COUNT(*) AS n FROM forecasts f LEFT JOIN ${obs}
       WHERE f.reconcile_status = 'pending' AND f.closes_at <= ?
         AND (o.series_id IS NOT NULL OR f.closes_at < ?)`,
      [asOf, cutoff],
    ),
    badReconciliations: await count(
      db,
      `SELECT COUNT(*) AS n FROM forecasts f LEFT JOIN ${obs}
       WHERE (f.reconcile_status = 'reconciled' AND NOT (f.actual <=> o.value))
          OR (f.reconcile_status = 'missing' AND f.missing_reason IS NULL)`,
    ),
    concurrentRetrainDecisions: await count(
      db,
      `SELECT COUNT(*) AS n FROM (SELECT series_id FROM retrain_decisions WHERE status = 'running'
       GROUP BY series_id HAVING COUNT(*) > 1) x`,
    ),
  };
}

/**
 * Hook for "no alert e-mail sent twice" (issue 6, part 5, waiting for the cycle to deliver alert
 * mail through `alert_notifications`): given the Message-IDs an SMTP server (smtp-server) received
 * across the faults, the mails received more than once. Every mail has a fixed Message-ID, so a
 * resend after a crash shows up here.
 */
export function duplicateDeliveries(messageIds: readonly string[]): number {
  return messageIds.length - new Set(messageIds).size;
}
