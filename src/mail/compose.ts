import type Mail from 'nodemailer/lib/mailer';

/** One event a mail reports. */
export interface MailItem {
  readonly event: 'opened' | 'resolved';
  readonly seriesName: string;
  /** What crossed, where and when (from the alert evaluation). */
  readonly message: string;
}

/** One plot, attached as a PNG and shown inline in the HTML part. */
export interface MailPlot {
  readonly seriesId: number;
  readonly seriesName: string;
  readonly png: Buffer;
}

export interface AlertMailInput {
  readonly from: string;
  readonly to: readonly string[];
  /** Deterministic per mail (see `messageIdOf`): the same on every attempt. */
  readonly messageId: string;
  readonly digest: boolean;
  /** Nominal time the mail describes, epoch ms. */
  readonly asOf: number;
  readonly items: readonly MailItem[];
  readonly plots: readonly MailPlot[];
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function subjectOf(input: AlertMailInput): string {
  const at = `${new Date(input.asOf).toISOString().slice(0, 16)}Z`;
  const opened = input.items.filter((i) => i.event === 'opened').length;
  const resolved = input.items.length - opened;
  const [first] = input.items;
  if (!input.digest && first) {
    const tag = first.event === 'opened' ? 'ALERT' : 'resolved';
    return `[metricast] ${tag}: ${first.message.replace(/^resolved: /, '')}`.slice(0, 250);
  }
  return `[metricast] alerts digest ${at}: ${opened} new, ${resolved} resolved`;
}

const lineOf = (i: MailItem): string => `${i.event === 'opened' ? 'NEW     ' : 'RESOLVED'} ${i.message}`;

/**
 * An alert e-mail: a subject saying what happened, a text part listing every event, and an HTML
 * part with each series' plot inline; every plot is also attached as a PNG (`<series>.png`).
 */
export function composeAlertMail(input: AlertMailInput): Mail.Options {
  const cid = (p: MailPlot): string => `plot-${p.seriesId}@metricast`;
  const text = [...input.items.map(lineOf), '', 'Plots of each series are attached.'].join('\n');
  const html = [
    `<ul>${input.items.map((i) => `<li>${escapeHtml(lineOf(i))}</li>`).join('')}</ul>`,
    ...input.plots.map(
      (p) =>
        `<h3>${escapeHtml(p.seriesName)}</h3><img src="cid:${cid(p)}" alt="${escapeHtml(p.seriesName)}">`,
    ),
  ].join('\n');
  return {
    from: input.from,
    to: [...input.to],
    subject: subjectOf(input),
    messageId: input.messageId,
    text,
    html,
    attachments: input.plots.map((p) => ({
      filename: `${p.seriesName.replace(/[^A-Za-z0-9._-]+/g, '_')}.png`,
      content: p.png,
      contentType: 'image/png',
      cid: cid(p),
    })),
  };
}
