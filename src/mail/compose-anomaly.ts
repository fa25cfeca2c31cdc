import type Mail from 'nodemailer/lib/mailer';

/** One anomaly a mail reports. */
export interface AnomalyMailItem {
  readonly seriesName: string;
  readonly unit: string;
  readonly ts: number;
  readonly value: number;
  readonly score: number;
}

export interface AnomalyMailInput {
  readonly from: string;
  readonly to: readonly string[];
  /** Deterministic per mail: the same on every attempt. */
  readonly messageId: string;
  /** Nominal time of the delivery, epoch ms. */
  readonly asOf: number;
  readonly items: readonly AnomalyMailItem[];
}

const minute = (t: number): string => `${new Date(t).toISOString().slice(0, 16)}Z`;

/** One line per anomaly: the series, when, the value and how unlikely it was (1 in 10^score). */
export function anomalyLine(i: AnomalyMailItem): string {
  const value = `${Number(i.value.toPrecision(6))}${i.unit ? ` ${i.unit}` : ''}`;
  return `ANOMALY ${i.seriesName} at ${minute(i.ts)}: ${value} (score ${i.score.toFixed(1)}: about 1 in 10^${Math.round(i.score)} under its recent behaviour)`;
}

/** An anomaly e-mail: one anomaly in the subject, or a count of several; a text part listing them. */
export function composeAnomalyMail(input: AnomalyMailInput): Mail.Options {
  const [first] = input.items;
  const subject =
    input.items.length === 1 && first
      ? `[metricast] ANOMALY: ${first.seriesName} at ${minute(first.ts)}`
      : `[metricast] ${input.items.length} anomalies up to ${minute(input.asOf)}`;
  return {
    from: input.from,
    to: [...input.to],
    subject: subject.slice(0, 250),
    messageId: input.messageId,
    text: input.items.map(anomalyLine).join('\n'),
  };
}
