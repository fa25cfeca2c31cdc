import type { SeriesId } from '../shared';
import type { ActualPoint, AlertLimit, Crossing, Direction, ForecastStep } from './types';

/** `CPU*` → /^CPU.*$/i: `*` is the only wildcard, everything else is literal. */
function patternRegExp(pattern: string): RegExp {
  const literal = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${literal}$`, 'i');
}

/** Whether a limit applies to a series: by id, or by its metric name matching the pattern. */
export function limitApplies(
  limit: Pick<AlertLimit, 'seriesId' | 'metricPattern'>,
  series: { readonly id: SeriesId; readonly metric: string },
): boolean {
  if (limit.seriesId !== null) return limit.seriesId === series.id;
  return limit.metricPattern !== null && patternRegExp(limit.metricPattern).test(series.metric);
}

/** At or over the limit, on its side. */
export function crosses(value: number, direction: Direction, threshold: number): boolean {
  return direction === 'above' ? value >= threshold : value <= threshold;
}

/**
 * The first forecast step whose compared value (the limit's basis) is at or over the limit, or null
 * when the whole horizon is clear. Steps are taken in target order whatever order they come in.
 * Steps targeting times before `notBefore` (the cycle's hour) are ignored: a series whose feed
 * stopped is forecast from its last observation, and a "warning" about days already past, with a
 * negative lead time, warns of nothing.
 */
export function forecastCrossing(
  limit: Pick<AlertLimit, 'basis' | 'direction' | 'threshold'>,
  steps: readonly ForecastStep[],
  notBefore = Number.NEGATIVE_INFINITY,
): Crossing | null {
  const ordered = steps.filter((s) => s.targetAt >= notBefore).sort((a, b) => a.targetAt - b.targetAt);
  for (const step of ordered) {
    const value = step[limit.basis];
    if (crosses(value, limit.direction, limit.threshold)) return { at: step.targetAt, value };
  }
  return null;
}

/** The newest observation when it is at or over the limit, else null. */
export function actualCrossing(
  limit: Pick<AlertLimit, 'direction' | 'threshold'>,
  newest: ActualPoint,
): Crossing | null {
  return crosses(newest.value, limit.direction, limit.threshold)
    ? { at: newest.ts, value: newest.value }
    : null;
}
