import type { SeriesId } from '../shared';
import type { AlertLimitId, AlertSource } from './types';

/** What identifies an alert episode's lineage: at most one open alert per key. */
export interface AlertKey {
  readonly seriesId: SeriesId;
  readonly limitId: AlertLimitId;
  readonly source: AlertSource;
}

/** `seriesId/limitId/source`, for maps. */
export function alertKeyString(key: AlertKey): string {
  return `${key.seriesId}/${key.limitId}/${key.source}`;
}

/** Items (stored episodes) keyed by `alertKeyString`, as `planAlerts` looks them up. */
export function byAlertKey<T extends { readonly key: AlertKey }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [alertKeyString(item.key), item]));
}
