import type { PoolConnection } from 'mariadb';
import {
  asAlertLimitId,
  asSeriesId,
  assertNever,
  type AlertLimitId,
  type AlertSource,
  type AlertState,
  type SeriesId,
} from '../shared';
import { inTransaction, type Db } from './pool';

/** A stored alert. Times are epoch ms, UTC, nominal (cycle) times. */
export interface Alert {
  readonly id: number;
  readonly seriesId: SeriesId;
  readonly seriesName: string;
  readonly limitId: AlertLimitId;
  readonly source: AlertSource;
  readonly state: AlertState;
  readonly openedAt: number;
  readonly lastSeenAt: number;
  readonly resolvedAt: number | null;
  /** First target time at or over the limit (for actuals, the observation's time). */
  readonly crossingAt: number;
  /** Crossing minus the cycle's time; null for actuals. */
  readonly leadMinutes: number | null;
  readonly value: number;
  readonly threshold: number;
  readonly message: string;
}

export interface AlertFilter {
  readonly seriesId?: SeriesId;
  readonly state?: AlertState;
  /** At most this many, newest first; default 100. */
  readonly limit?: number;
}

interface AlertRow {
  id: number;
  series_id: number;
  series_name: string | null;
  limit_id: number;
  source: AlertSource;
  state: AlertState;
  opened_at: Date;
  last_seen_at: Date;
  resolved_at: Date | null;
  crossing_at: Date;
  lead_minutes: number | null;
  value: number;
  threshold: number;
  message: string;
}

function fromRow(r: AlertRow): Alert {
  return {
    id: r.id,
    seriesId: asSeriesId(r.series_id),
    seriesName: r.series_name ?? `series ${r.series_id}`,
    limitId: asAlertLimitId(r.limit_id),
    source: r.source,
    state: r.state,
    openedAt: r.opened_at.getTime(),
    lastSeenAt: r.last_seen_at.getTime(),
    resolvedAt: r.resolved_at?.getTime() ?? null,
    crossingAt: r.crossing_at.getTime(),
    leadMinutes: r.lead_minutes,
    value: r.value,
    threshold: r.threshold,
    message: r.message,
  };
}

/** Alerts newest first (by opening time, then id). */
export async function listAlerts(db: Db, filter: AlertFilter = {}): Promise<Alert[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.seriesId !== undefined) {
    where.push('a.series_id = ?');
    params.push(filter.seriesId);
  }
  if (filter.state !== undefined) {
    where.push('a.state = ?');
    params.push(filter.state);
  }
  const rows = await db.pool.query<AlertRow[]>(
    `SELECT a.*, s.name AS series_name FROM alerts a LEFT JOIN series s ON s.id = a.series_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.opened_at DESC, a.id DESC LIMIT ?`,
    [...params, filter.limit ?? 100],
  );
  return rows.map(fromRow);
}

/** What identifies an alert's lineage: at most one open alert per key. */
export interface StoredAlertKey {
  readonly seriesId: SeriesId;
  readonly limitId: AlertLimitId;
  readonly source: AlertSource;
}

/** The newest alert of one key, as the alert rules read it. Epoch ms. */
export interface StoredEpisode {
  readonly id: number;
  readonly key: StoredAlertKey;
  readonly state: AlertState;
  readonly openedAt: number;
  readonly lastSeenAt: number;
  readonly resolvedAt: number | null;
}

/** The newest alert of every (series, limit, source) key. */
export async function latestEpisodes(db: Db): Promise<StoredEpisode[]> {
  const rows = await db.pool.query<AlertRow[]>(
    `SELECT a.*, NULL AS series_name FROM alerts a JOIN (
       SELECT series_id, limit_id, source, MAX(opened_at) AS opened_at FROM alerts
       GROUP BY series_id, limit_id, source
     ) n ON n.series_id = a.series_id AND n.limit_id = a.limit_id AND n.source = a.source
        AND n.opened_at = a.opened_at`,
  );
  return rows.map(fromRow).map((a) => ({
    id: a.id,
    key: { seriesId: a.seriesId, limitId: a.limitId, source: a.source },
    state: a.state,
    openedAt: a.openedAt,
    lastSeenAt: a.lastSeenAt,
    resolvedAt: a.resolvedAt,
  }));
}

/** Where a limit was crossed: the first time at or over it, and the value compared there. */
interface CrossingValues {
  readonly at: number;
  readonly value: number;
}

/** One change the alert rules decided for a key (`planAlerts`), as plain values to store. */
export interface AlertChange {
  readonly key: StoredAlertKey;
  readonly decision:
    | { readonly type: 'open'; readonly crossing: CrossingValues }
    | { readonly type: 'refresh'; readonly alertId: number; readonly crossing: CrossingValues }
    | { readonly type: 'resolve'; readonly alertId: number };
  /** The limit's threshold; null when resolving an alert whose limit is gone. */
  readonly threshold: number | null;
  readonly message: string;
  readonly leadMinutes: number | null;
}

/** What `applyAlertChanges` stored. */
export interface AppliedAlerts {
  readonly opened: number;
  readonly refreshed: number;
  readonly resolved: number;
}

/**
 * Stores one cycle's planned changes and queues a notification for each opened and resolved alert,
 * in one transaction, so an alert never exists without its notification. Safe to run twice: an
 * open meets the one-open-per-key and opened-at keys, a resolve only touches an open alert, and a
 * notification is unique per (alert, event).
 */
export async function applyAlertChanges(
  db: Db,
  asOf: number,
  changes: readonly AlertChange[],
): Promise<AppliedAlerts> {
  if (changes.length === 0) return { opened: 0, refreshed: 0, resolved: 0 };
  return inTransaction(db, async (conn) => {
    const counts = { opened: 0, refreshed: 0, resolved: 0 };
    for (const change of changes) {
      const { decision } = change;
      switch (decision.type) {
        case 'open':
          counts.opened += await openAlert(conn, asOf, change);
          break;
        case 'refresh':
          counts.refreshed += await refreshAlert(conn, asOf, change);
          break;
        case 'resolve':
          counts.resolved += await resolveAlert(conn, asOf, change);
          break;
        default:
          assertNever(decision);
      }
    }
    return counts;
  });
}

async function openAlert(conn: PoolConnection, asOf: number, change: AlertChange): Promise<number> {
  if (change.decision.type !== 'open') return 0;
  const { crossing } = change.decision;
  const { seriesId, limitId, source } = change.key;
  const at = new Date(asOf);
  // IGNORE: a duplicate of either unique key means this open already happened (retry) or one is open.
  const inserted = await conn.query<{ affectedRows: number; insertId: number }>(
    `INSERT IGNORE INTO alerts (series_id, limit_id, source, state, opened_at, last_seen_at, crossing_at,
       lead_minutes, value, threshold, message) VALUES (?,?,?,'open',?,?,?,?,?,?,?)`,
    [
      ...[seriesId, limitId, source, at, at, new Date(crossing.at)],
      ...[change.leadMinutes, crossing.value, change.threshold, change.message],
    ],
  );
  if (inserted.affectedRows === 0) return 0;
  await queueNotification(conn, inserted.insertId, 'opened', asOf, change);
  return 1;
}

async function refreshAlert(conn: PoolConnection, asOf: number, change: AlertChange): Promise<number> {
  if (change.decision.type !== 'refresh') return 0;
  const { crossing, alertId } = change.decision;
  const result = await conn.query<{ affectedRows: number }>(
    `UPDATE alerts SET last_seen_at = ?, crossing_at = ?, lead_minutes = ?, value = ?, threshold = ?,
       message = ? WHERE id = ? AND state = 'open' AND last_seen_at <= ?`,
    [
      ...[new Date(asOf), new Date(crossing.at), change.leadMinutes, crossing.value],
      ...[change.threshold, change.message, alertId, new Date(asOf)],
    ],
  );
  return result.affectedRows > 0 ? 1 : 0;
}

async function resolveAlert(conn: PoolConnection, asOf: number, change: AlertChange): Promise<number> {
  if (change.decision.type !== 'resolve') return 0;
  const { alertId } = change.decision;
  const result = await conn.query<{ affectedRows: number }>(
    `UPDATE alerts SET state = 'resolved', resolved_at = ? WHERE id = ? AND state = 'open'`,
    [new Date(asOf), alertId],
  );
  if (result.affectedRows === 0) return 0;
  const [alert] = await conn.query<Array<{ message: string; threshold: number }>>(
    'SELECT message, threshold FROM alerts WHERE id = ?',
    [alertId],
  );
  const message = `resolved: ${alert?.message ?? change.message}`;
  await queueNotification(conn, alertId, 'resolved', asOf, {
    ...change,
    message,
    threshold: alert?.threshold ?? null,
  });
  return 1;
}

async function queueNotification(
  conn: PoolConnection,
  alertId: number,
  event: 'opened' | 'resolved',
  asOf: number,
  change: Pick<AlertChange, 'key' | 'message' | 'threshold'>,
): Promise<void> {
  await conn.query(
    `INSERT IGNORE INTO alert_notifications (alert_id, event, series_id, event_at, message, threshold)
     VALUES (?,?,?,?,?,?)`,
    [alertId, event, change.key.seriesId, new Date(asOf), change.message.slice(0, 1000), change.threshold],
  );
}
