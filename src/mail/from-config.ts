import type { Config } from '../config';
import { createMailer, type Mailer } from './transport';

/** What alert delivery needs to mail: a transport, the addresses and the digest interval. */
export interface AlertMailSettings {
  readonly mailer: Mailer;
  readonly from: string;
  readonly to: readonly string[];
  /** 0: every notification at once; otherwise one digest per this many minutes. */
  readonly intervalMinutes: number;
  /** Part of every Message-ID, so two installations mailing one inbox never collide (the database name). */
  readonly scope: string;
}

/**
 * The mail settings from the configuration, or undefined when mail is off (no SMTP host or no
 * recipient): alerts are then stored and their notifications stay queued.
 */
export function alertMailFromConfig(config: Config): AlertMailSettings | undefined {
  if (!config.smtp.host || config.alerts.to.length === 0) return undefined;
  const mailer = createMailer({ ...config.smtp, password: config.secrets.smtpPassword });
  const { from, to, mailIntervalMinutes } = config.alerts;
  return { mailer, from, to, intervalMinutes: mailIntervalMinutes, scope: config.db.database };
}
