/**
 * The chart's value axis: fitted to what is drawn (history, forecast and its bands, actuals), with
 * the alert limit inside it only when that costs little room. Shared by the server's SVG chart and
 * the browser chart (which refits it on zoom), so both draw the same axis. Pure, free of Node.
 */
import { clip, type UnitBounds } from './unit-bounds';

/** Room left above and below the data, as a share of its spread. */
const PAD = 0.05;
/**
 * A limit is drawn when taking it in at most doubles the axis' spread; further off, it would
 * squash the data into a strip (an 80 % limit over CPU idling at 2 %), so it is noted instead.
 */
const LIMIT_STRETCH = 2;

/** Where the limit stands against the fitted axis. */
export type LimitPlacement = 'shown' | 'above' | 'below';

export interface YScale {
  readonly min: number;
  readonly max: number;
  /** Absent without a limit. */
  readonly limit?: LimitPlacement;
}

/** The least and greatest finite value, or undefined when there is none. */
export function extent(values: Iterable<number | null | undefined>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * Fits the axis to `[lo, hi]` (the data's extent, already inside the unit's bounds): takes the
 * limit in when that at most doubles the spread, pads by 5 % each side, and keeps within `bounds`.
 */
export function fitYScale(
  range: [number, number] | undefined,
  bounds: UnitBounds,
  limit?: number | null,
): YScale {
  const hasLimit = limit !== null && limit !== undefined && Number.isFinite(limit);
  let [lo, hi] = range ?? (hasLimit ? [limit, limit] : [0, 1]);
  let placement: LimitPlacement | undefined;
  if (hasLimit) {
    const spread = Math.max(hi - lo, Math.abs(hi) * 0.1, 1e-9);
    const stretched = Math.max(hi, limit) - Math.min(lo, limit);
    placement = stretched <= LIMIT_STRETCH * spread ? 'shown' : limit > hi ? 'above' : 'below';
    if (placement === 'shown') [lo, hi] = [Math.min(lo, limit), Math.max(hi, limit)];
  }
  // A flat line still gets an axis: a tenth of its level (or 1 at zero) either side.
  const spread = hi > lo ? hi - lo : Math.abs(hi) * 0.2 || 2;
  const pad = hi > lo ? spread * PAD : spread / 2;
  const min = clip(lo - pad, bounds);
  const max = clip(hi + pad, bounds);
  return { min, max: max > min ? max : min + 1, ...(placement ? { limit: placement } : {}) };
}
