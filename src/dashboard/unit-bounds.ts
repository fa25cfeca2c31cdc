/**
 * The values a unit can take, so the chart never draws a band below 0 % or above 100 % CPU. Pure and
 * free of Node, so the browser chart imports it too.
 */

/** Inclusive bounds; `null` where the unit sets none. */
export interface UnitBounds {
  readonly min: number | null;
  readonly max: number | null;
}

const UNBOUNDED: UnitBounds = { min: null, max: null };
const PERCENT: UnitBounds = { min: 0, max: 100 };
const NON_NEGATIVE: UnitBounds = { min: 0, max: null };

/**
 * CloudWatch's units besides `Percent` and `None` (amounts, sizes, rates and durations) are never
 * negative; an unknown or empty unit is left unbounded rather than guessed at.
 */
const AMOUNTS =
  /^(Count|Bytes|Kilobytes|Megabytes|Gigabytes|Terabytes|Bits|Kilobits|Megabits|Gigabits|Terabits|Seconds|Microseconds|Milliseconds)(\/Second)?$/;

/** The bounds of a CloudWatch unit (`Percent` → 0–100, `Bytes`, `Count`, … → ≥ 0). */
export function unitBounds(unit: string): UnitBounds {
  if (unit === 'Percent') return PERCENT;
  return AMOUNTS.test(unit) ? NON_NEGATIVE : UNBOUNDED;
}

/** `value` moved inside `bounds`. */
export function clip(value: number, bounds: UnitBounds): number {
  if (bounds.min !== null && value < bounds.min) return bounds.min;
  if (bounds.max !== null && value > bounds.max) return bounds.max;
  return value;
}
