/**
 * deliverAnomalyMail: mails the anomalies the cycle stored for series that opted in
 * (`series.anomaly_mail`), like alert mail: one mail (a digest when there are several) per
 * delivery, with a Message-ID derived from the cycle's nominal time and the anomalies it carries,
 * then marks them mailed. An SMTP failure fails the activity (Temporal retries it) and leaves them
 * unmarked, so a later attempt or cycle mails them, with the same Message-ID for the same content.
 * Without mail configured nothing is claimed: the anomalies stay stored and unmailed.
 */
import { createHash } from 'node:crypto';
import { messageIdOf } from '../alerts';
import { DetectorName } from '../anomaly';
import { markAnomaliesMailed, unmailedAnomalies, type Db } from '../db';
import { composeAnomalyMail, type AlertMailSettings } from '../mail';
import type { AsOfInput } from './cycle';
import { atActivityEdge } from './errors';

export interface DeliverAnomalyMailResult {
  readonly configured: boolean;
  /** Anomalies mailed by this delivery. */
  readonly mailed: number;
}

/** Anomalies per mail; more wait for the next delivery. */
const PER_MAIL = 200;

export function createAnomalyMailActivities(deps: {
  readonly db: Db;
  readonly alertMail?: AlertMailSettings;
}) {
  return {
    async deliverAnomalyMail(input: AsOfInput): Promise<DeliverAnomalyMailResult> {
      return atActivityEdge(async () => {
        const mail = deps.alertMail;
        if (mail === undefined) return { configured: false, mailed: 0 };
        const due = await unmailedAnomalies(deps.db, {
          asOf: input.asOf,
          detector: DetectorName.likelihood,
          limit: PER_MAIL,
        });
        if (due.length === 0) return { configured: true, mailed: 0 };
        const digest = createHash('sha256')
          .update(due.map((a) => `${a.seriesId}/${a.ts}`).join(','))
          .digest('hex')
          .slice(0, 16);
        const domain = /@([^>\s]+)/.exec(mail.from)?.[1] ?? 'metricast.local';
        const messageId = messageIdOf(`anomalies/${digest}`, mail.scope, domain);
        await mail.mailer.send(
          composeAnomalyMail({ from: mail.from, to: mail.to, messageId, asOf: input.asOf, items: due }),
        );
        await markAnomaliesMailed(deps.db, due, input.asOf);
        return { configured: true, mailed: due.length };
      });
    },
  };
}

export type AnomalyMailActivities = ReturnType<typeof createAnomalyMailActivities>;
