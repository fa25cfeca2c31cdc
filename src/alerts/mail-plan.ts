import type { ClaimPlan } from '../shared';
import { isoMinute } from './message';

/**
 * How queued notifications become mails. With an interval of 0 every notification is its own mail,
 * sent at once; otherwise the queue is gathered into one digest per interval. Mail keys are
 * deterministic (a notification's id, or the nominal time of the delivery that made the digest), so
 * a retried delivery finds the mail it already claimed and sends it with the same Message-ID.
 */
export const MailKind = { single: 'single', digest: 'digest' } as const;
export type MailKind = (typeof MailKind)[keyof typeof MailKind];

/** Prefix of the key of a mail holding one notification. */
export const SINGLE_MAIL_PREFIX = 'alert-notification/';

/** `alert-notification/<id>`: one notification mailed at once. */
export function singleMailKey(notificationId: number): string {
  return `${SINGLE_MAIL_PREFIX}${notificationId}`;
}

/** Prefix of the key of a digest. */
const DIGEST_PREFIX = 'digest/';

/** `digest/2014-02-20T10:00Z`: the digest the delivery at `asOf` gathered. */
export function digestMailKey(asOf: number): string {
  return `${DIGEST_PREFIX}${isoMinute(asOf)}`;
}

export function mailKindOf(mailKey: string): MailKind {
  return mailKey.startsWith(DIGEST_PREFIX) ? MailKind.digest : MailKind.single;
}

/**
 * Whether the delivery at `asOf` may gather a new digest: when none was made yet, or the newest one
 * was made at least one interval earlier (nominal times, never the wall clock). The first alert is
 * thus mailed at once and later ones wait for the interval: at most one digest per interval.
 */
export function digestDue(lastDigestAt: number | null, asOf: number, intervalMinutes: number): boolean {
  return lastDigestAt === null || asOf - lastDigestAt >= intervalMinutes * 60_000;
}

/**
 * The Message-ID of a mail: `<metricast.digest.2014-02-20T10-00Z.<scope>@domain>`, the same on every
 * attempt, so a mail sent twice (the server accepted it, then the delivery died before marking it
 * sent) can be recognised by the receiving side. `scope` tells installations apart (the database).
 */
export function messageIdOf(mailKey: string, scope: string, domain: string): string {
  const local = `metricast.${mailKey}.${scope}`.replace(/[^A-Za-z0-9._-]/g, (c) => (c === '/' ? '.' : '-'));
  return `<${local}@${domain}>`;
}

/**
 * How the delivery at `asOf` claims queued notifications into mails, as plain values for the outbox
 * repository: each into its own mail when the interval is 0; else all into one digest, if no digest
 * was claimed after `asOf` minus the interval (`digestDue`).
 */
export function claimPlan(asOf: number, intervalMinutes: number): ClaimPlan {
  if (intervalMinutes === 0) return { type: 'each', asOf, mailKeyPrefix: SINGLE_MAIL_PREFIX };
  return {
    type: 'digest',
    asOf,
    mailKey: digestMailKey(asOf),
    digestKeyPrefix: DIGEST_PREFIX,
    lastDigestAtMost: asOf - intervalMinutes * 60_000,
  };
}
