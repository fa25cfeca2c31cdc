import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

/** Where and how to reach the SMTP server. The password comes from the environment only. */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (465); otherwise STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly user: string;
  readonly password: string;
}

/** Sends one composed message; rejects when the server is unreachable or refuses every recipient. */
export interface Mailer {
  send(message: Mail.Options): Promise<void>;
  close(): void;
}

/**
 * A nodemailer SMTP transport. Timeouts are short so a dead server fails the delivery activity
 * quickly (Temporal retries it, and later cycles deliver what is still queued) instead of holding it.
 */
export function createMailer(settings: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: settings.user ? { user: settings.user, pass: settings.password } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      await transport.sendMail(message);
    },
    close() {
      transport.close();
    },
  };
}
