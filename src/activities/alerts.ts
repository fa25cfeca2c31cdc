/**
 * Alert activities of the forecast cycle. `evaluateAlerts` judges the cycle's forecasts and the
 * newest actuals against every enabled limit and stores what opened, refreshed or resolved, with a
 * queued notification per event, in one transaction. `deliverAlerts` claims queued notifications
 * into mails (one each, or a digest per interval), sends every claimed mail not yet sent and marks
 * it sent: an SMTP failure fails the activity (Temporal retries it) and leaves the mail claimed, so a
 * later attempt or cycle sends it once, with the same Message-ID. Both are keyed by the cycle's
 * nominal time (`asOf`), never the wall clock.
 */
import { byAlertKey, claimPlan, limitApplies, mailKindOf, messageIdOf, planAlerts } from '../alerts';
import {
  alertSeries,
  applyAlertChanges,
  claimNotifications,
  forecastsIssuedAt,
  latestEpisodes,
  listLimits,
  markMailFailed,
  markMailSent,
  newestActuals,
  outboxCounts,
  pendingMails,
  withDeliveryLock,
  type Db,
  type PendingMail,
} from '../db';
import { composeAlertMail, type AlertMailSettings } from '../mail';
import { plotsFor } from './alert-plots';
import type { AsOfInput } from './cycle';
import { atActivityEdge } from './errors';
import { heartbeat } from './heartbeat';

/** What the alert activities need; without `alertMail`, alerts are stored and notifications stay queued. */
export interface AlertDeps {
  readonly db: Db;
  readonly alertMail?: AlertMailSettings;
}

/** Counts of one evaluation. */
export interface EvaluateAlertsResult {
  readonly limits: number;
  /** (series, limit, source) pairs judged. */
  readonly checked: number;
  readonly opened: number;
  readonly refreshed: number;
  readonly resolved: number;
  /** Crossings not alerted because their key was resolved less than a cooldown ago. */
  readonly inCooldown: number;
}

/** Counts of one delivery. */
export interface DeliverAlertsResult {
  /** False when mail is not configured: notifications stay queued. */
  readonly configured: boolean;
  readonly claimed: number;
  readonly mailsSent: number;
  readonly notificationsSent: number;
  /** Notifications still unsent afterwards (queued or claimed). */
  readonly pending: number;
}

/** The newest observation counts for actual-based alerts only if it is this recent. */
const ACTUAL_LOOKBACK_MS = 2 * 3_600_000;

export function createAlertActivities(deps: AlertDeps) {
  const { db } = deps;
  return {
    /** Evaluates every enabled limit against the forecasts issued at `asOf` and the newest actuals. */
    async evaluateAlerts(input: AsOfInput): Promise<EvaluateAlertsResult> {
      return atActivityEdge(async () => {
        const { asOf } = input;
        const [limits, episodes] = await Promise.all([
          listLimits(db, { enabledOnly: true }),
          latestEpisodes(db),
        ]);
        const latest = byAlertKey(episodes);
        const everySeries = limits.length > 0 ? await alertSeries(db) : [];
        const series = everySeries.filter((s) => limits.some((l) => limitApplies(l, s)));
        const ids = series.map((s) => s.id);
        const [forecasts, actuals] = await Promise.all([
          forecastsIssuedAt(db, asOf, ids),
          newestActuals(db, ids, { from: asOf - ACTUAL_LOOKBACK_MS, to: asOf }),
        ]);
        const plan = planAlerts({ asOf, limits, series, forecasts, actuals, latest });
        const applied = await applyAlertChanges(db, asOf, plan.changes);
        return { limits: limits.length, checked: plan.checked, inCooldown: plan.inCooldown, ...applied };
      });
    },

    /** Claims due notifications into mails and sends every claimed, unsent mail. */
    async deliverAlerts(input: AsOfInput): Promise<DeliverAlertsResult> {
      const mail = deps.alertMail;
      if (!mail) {
        const counts = await outboxCounts(db);
        return {
          configured: false,
          claimed: 0,
          mailsSent: 0,
          notificationsSent: 0,
          pending: counts.queued + counts.claimed,
        };
      }
      const done = await withDeliveryLock(db, () => deliver(db, mail, input.asOf));
      // Another attempt still holds the lock (a timed-out one finishing): fail, and let Temporal retry.
      if (!done) throw new Error('alert delivery: another delivery is running; retrying later');
      const counts = await outboxCounts(db);
      return { configured: true, ...done, pending: counts.queued + counts.claimed };
    },
  };
}

async function deliver(
  db: Db,
  mail: AlertMailSettings,
  asOf: number,
): Promise<Omit<DeliverAlertsResult, 'configured' | 'pending'>> {
  const claimed = await claimNotifications(db, claimPlan(asOf, mail.intervalMinutes));
  let mailsSent = 0;
  let notificationsSent = 0;
  for (const pending of await pendingMails(db)) {
    const message = await compose(db, mail, pending);
    try {
      await mail.mailer.send(message);
    } catch (error) {
      await markMailFailed(db, pending.mailKey, (error as Error).message);
      throw error;
    }
    await markMailSent(db, pending.mailKey, asOf);
    mailsSent++;
    notificationsSent += pending.entries.length;
    await heartbeat({ mailsSent });
  }
  return { claimed, mailsSent, notificationsSent };
}

async function compose(db: Db, mail: AlertMailSettings, pending: PendingMail) {
  const domain = /@([^>\s]+)/.exec(mail.from)?.[1] ?? 'metricast.local';
  return composeAlertMail({
    from: mail.from,
    to: mail.to,
    messageId: messageIdOf(pending.mailKey, mail.scope, domain),
    digest: mailKindOf(pending.mailKey) === 'digest',
    asOf: pending.claimedFor,
    items: pending.entries,
    plots: await plotsFor(db, pending.entries, pending.claimedFor),
  });
}

export type AlertActivities = ReturnType<typeof createAlertActivities>;
