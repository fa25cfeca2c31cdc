import { asSeriesId, assertNever, type ClaimPlan, type SeriesId } from '../shared';
import { inTransaction, type Db } from './pool';

/** One queued notification of a claimed, unsent mail, with what the mail shows. */
export interface OutboxEntry {
  readonly id: number;
  readonly alertId: number;
  readonly event: 'opened' | 'resolved';
  readonly seriesId: SeriesId;
  readonly seriesName: string;
  readonly unit: string;
  readonly eventAt: number;
  readonly message: string;
  readonly threshold: number | null;
}

/** A claimed mail waiting to be sent: its key, the delivery time that claimed it, its entries. */
export interface PendingMail {
  readonly mailKey: string;
  /** Nominal time of the delivery that claimed it: the plots show the series as of then. */
  readonly claimedFor: number;
  readonly attempts: number;
  readonly entries: OutboxEntry[];
}

/**
 * Claims queued notifications (events at or before `asOf`) into mails as `input` says. Returns how
 * many notifications were claimed. A claimed mail is never re-cut: it is sent as it is, however often.
 */
export async function claimNotifications(db: Db, input: ClaimPlan): Promise<number> {
  const asOf = new Date(input.asOf);
  switch (input.type) {
    case 'each': {
      const result = await db.pool.query<{ affectedRows: number }>(
        `UPDATE alert_notifications SET mail_key = CONCAT(?, id), claimed_for = ?
         WHERE mail_key IS NULL AND event_at <= ?`,
        [input.mailKeyPrefix, asOf, asOf],
      );
      return result.affectedRows;
    }
    case 'digest':
      return claimDigest(db, input);
    default:
      return assertNever(input);
  }
}

/**
 * The delivery lock (withDeliveryLock) keeps two claims from racing; the transaction keeps the
 * due check and the claim together.
 */
function claimDigest(db: Db, input: Extract<ClaimPlan, { type: 'digest' }>): Promise<number> {
  const asOf = new Date(input.asOf);
  return inTransaction(db, async (conn) => {
    const [last] = await conn.query<Array<{ at: Date | null }>>(
      `SELECT MAX(claimed_for) AS at FROM alert_notifications WHERE mail_key LIKE CONCAT(?, '%')`,
      [input.digestKeyPrefix],
    );
    const lastAt = last?.at?.getTime() ?? null;
    if (lastAt !== null && lastAt > input.lastDigestAtMost) return 0;
    const result = await conn.query<{ affectedRows: number }>(
      `UPDATE alert_notifications SET mail_key = ?, claimed_for = ? WHERE mail_key IS NULL AND event_at <= ?`,
      [input.mailKey, asOf, asOf],
    );
    return result.affectedRows;
  });
}

interface EntryRow {
  id: number;
  alert_id: number;
  event: 'opened' | 'resolved';
  series_id: number;
  series_name: string | null;
  unit: string | null;
  event_at: Date;
  message: string;
  threshold: number | null;
  mail_key: string;
  claimed_for: Date;
  attempts: number;
}

/** Claimed mails not yet sent, oldest first. */
export async function pendingMails(db: Db): Promise<PendingMail[]> {
  const rows = await db.pool.query<EntryRow[]>(
    `SELECT n.*, s.name AS series_name, s.unit FROM alert_notifications n
     LEFT JOIN series s ON s.id = n.series_id
     WHERE n.sent_at IS NULL AND n.mail_key IS NOT NULL ORDER BY n.id`,
  );
  const mails = new Map<string, PendingMail>();
  for (const r of rows) {
    const mail = mails.get(r.mail_key) ?? {
      mailKey: r.mail_key,
      claimedFor: r.claimed_for.getTime(),
      attempts: r.attempts,
      entries: [],
    };
    mail.entries.push({
      id: r.id,
      alertId: r.alert_id,
      event: r.event,
      seriesId: asSeriesId(r.series_id),
      seriesName: r.series_name ?? `series ${r.series_id}`,
      unit: r.unit ?? '',
      eventAt: r.event_at.getTime(),
      message: r.message,
      threshold: r.threshold,
    });
    mails.set(r.mail_key, mail);
  }
  return [...mails.values()];
}

/** Marks a mail's notifications sent by the delivery at `asOf`. */
export async function markMailSent(db: Db, mailKey: string, asOf: number): Promise<void> {
  await db.pool.query(
    `UPDATE alert_notifications SET sent_at = ?, attempts = attempts + 1, last_error = NULL
     WHERE mail_key = ? AND sent_at IS NULL`,
    [new Date(asOf), mailKey],
  );
}

/** Records a failed attempt; the mail stays claimed and unsent, to be sent again. */
export async function markMailFailed(db: Db, mailKey: string, error: string): Promise<void> {
  await db.pool.query(
    `UPDATE alert_notifications SET attempts = attempts + 1, last_error = ? WHERE mail_key = ? AND sent_at IS NULL`,
    [error.slice(0, 1000), mailKey],
  );
}

/** Notifications by where they stand. */
export interface OutboxCounts {
  readonly queued: number;
  readonly claimed: number;
  readonly sent: number;
}

export async function outboxCounts(db: Db): Promise<OutboxCounts> {
  const [row] = await db.pool.query<
    Array<{ queued: string | null; claimed: string | null; sent: string | null }>
  >(
    `SELECT SUM(mail_key IS NULL) AS queued, SUM(mail_key IS NOT NULL AND sent_at IS NULL) AS claimed,
       SUM(sent_at IS NOT NULL) AS sent FROM alert_notifications`,
  );
  return {
    queued: Number(row?.queued ?? 0),
    claimed: Number(row?.claimed ?? 0),
    sent: Number(row?.sent ?? 0),
  };
}

/**
 * Runs `work` while holding the database's alert-delivery lock, so two deliveries (a retry started
 * while a timed-out attempt still runs) never send the same mail at once. Returns undefined when
 * another delivery holds the lock.
 */
export async function withDeliveryLock<T>(db: Db, work: () => Promise<T>): Promise<T | undefined> {
  const conn = await db.pool.getConnection();
  const name = `metricast_alert_delivery_${db.database}`;
  try {
    const [got] = await conn.query<Array<{ ok: number | null }>>('SELECT GET_LOCK(?, 0) AS ok', [name]);
    if (got?.ok !== 1) return undefined;
    try {
      return await work();
    } finally {
      await conn.query('SELECT RELEASE_LOCK(?)', [name]);
    }
  } finally {
    await conn.release();
  }
}
