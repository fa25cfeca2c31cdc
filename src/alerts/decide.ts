import type { AlertKey } from './alert-key';
import type { Crossing } from './types';

/** The newest alert of one (series, limit, source) key, as the decision needs it. Epoch ms. */
export interface AlertEpisode {
  readonly id: number;
  readonly key: AlertKey;
  readonly state: 'open' | 'resolved';
  readonly openedAt: number;
  readonly lastSeenAt: number;
  readonly resolvedAt: number | null;
}

/** What to do with one key at one cycle. */
export type AlertDecision =
  | { readonly type: 'open'; readonly crossing: Crossing }
  | { readonly type: 'refresh'; readonly alertId: number; readonly crossing: Crossing }
  | { readonly type: 'resolve'; readonly alertId: number }
  | { readonly type: 'none'; readonly reason: 'clear' | 'cooldown' | 'stale' | 'unchanged' };

export interface DecideInput {
  /** The cycle's nominal time, epoch ms. */
  readonly asOf: number;
  readonly crossing: Crossing | null;
  /** The newest alert of this key, or null if there never was one. */
  readonly latest: AlertEpisode | null;
  readonly cooldownMinutes: number;
}

/**
 * Opens, refreshes or resolves one key's alert, or leaves it alone. One open alert per key: a
 * crossing while open refreshes it. A crossing after a resolve opens a new alert only once the
 * cooldown has passed since the resolve. An evaluation older than what the key already saw (a late
 * retry of an earlier cycle) changes nothing, so it cannot re-open or roll back a newer state; the
 * same cycle evaluated again finds its own result and changes nothing either.
 */
export function decideAlert(input: DecideInput): AlertDecision {
  const { asOf, crossing, latest } = input;
  if (latest && (latest.lastSeenAt > asOf || (latest.resolvedAt ?? -Infinity) > asOf))
    return { type: 'none', reason: 'stale' };
  if (latest?.state === 'open') {
    if (crossing) return { type: 'refresh', alertId: latest.id, crossing };
    return { type: 'resolve', alertId: latest.id };
  }
  if (!crossing) return { type: 'none', reason: 'clear' };
  if (latest?.resolvedAt === asOf || latest?.openedAt === asOf) return { type: 'none', reason: 'unchanged' };
  if (latest?.resolvedAt != null && asOf - latest.resolvedAt < input.cooldownMinutes * 60_000)
    return { type: 'none', reason: 'cooldown' };
  return { type: 'open', crossing };
}
