/**
 * The times a metric point may carry. Anything outside is a broken clock or a unit mix-up, not a
 * measurement: epoch 0, seconds read as ms, `0099-01-01` (which `Date.UTC` would turn into 1999)
 * or a year-9999 placeholder. Fixed bounds, not "now", so parsing stays pure and repeatable.
 */
export const EARLIEST_TIME = Date.UTC(2000, 0, 1);
/** Exclusive. */
export const LATEST_TIME = Date.UTC(2100, 0, 1);

/** The expectation an error states for a time outside the bounds. */
export const TIME_BOUNDS = 'must be between 2000-01-01 and 2100-01-01 (UTC)';

/** True when epoch ms `t` lies within [EARLIEST_TIME, LATEST_TIME). */
export function isPlausibleTime(t: number): boolean {
  return t >= EARLIEST_TIME && t < LATEST_TIME;
}
