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
