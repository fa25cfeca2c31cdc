/**
 * The rule every issued forecast obeys, in the cycle, the backfill and a single `forecastSeries`:
 * a forecast is made only from history before the issue time, and it only targets times after the
 * issue time (the interval starting at the issue hour is under way, so the first target is the next
 * one), so always after the series' newest observation. A series whose newest observation is older than `staleAfterMs` has a
 * stopped feed: it is `stale`, and gets no forecast at all rather than one about its own past.
 */
import type { SeriesData } from '../forecast';

const HOUR_MS = 3_600_000;
/**
 * How old the newest observation may be before a series counts as stale: the two hours the cycle's
 * ingest step re-reads (a point later than that is not coming), or two steps if they are longer.
 */
export const STALE_AFTER_MS = 2 * HOUR_MS;

/** Time of the newest point of a regular series. */
export function newestPointAt(history: SeriesData): number {
  return history.start + (history.values.length - 1) * history.stepMs;
}

/** Whether history ending at `newestAt` is too old to forecast from at `issuedAt`. */
export function isStale(newestAt: number, issuedAt: number, stepMs: number): boolean {
  return newestAt < issuedAt - Math.max(STALE_AFTER_MS, 2 * stepMs);
}

/** Why a series got no forecast: its feed stopped, named with its newest observation. */
export function staleMessage(newestAt: number | undefined, issuedAt: number): string {
  const iso = (t: number) => new Date(t).toISOString();
  return newestAt === undefined
    ? `no observations before ${iso(issuedAt)} within the lookback: the feed has stopped`
    : `newest observation ${iso(newestAt)} is more than ${STALE_AFTER_MS / HOUR_MS} h before ${iso(issuedAt)}: the feed has stopped`;
}
