/**
 * How a delivery claims queued alert notifications into mails, as plain values: decided by the alert
 * rules (`claimPlan` in `src/alerts`), carried out by the outbox repository in `src/db`. Each
 * notification into its own mail keyed `<prefix><id>`, or all into one digest keyed `mailKey`
 * unless a digest was claimed after `lastDigestAtMost`. Times are the delivery's nominal time, epoch ms.
 */
export type ClaimPlan =
  | { readonly type: 'each'; readonly asOf: number; readonly mailKeyPrefix: string }
  | {
      readonly type: 'digest';
      readonly asOf: number;
      readonly mailKey: string;
      readonly digestKeyPrefix: string;
      /** The newest earlier digest must have been claimed at or before this time. */
      readonly lastDigestAtMost: number;
    };
