/**
 * Isolated-spike cleaning in the style of R's `forecast::tsclean`, for statistical models that fit
 * and filter the raw history: one spike would otherwise inflate a level or a variance, or be
 * repeated a season later by a seasonal model.
 */

/** Half-width of the centred running median: 5 points, so runs of up to 2 points are absorbed. */
const HALF_WIDTH = 2;
/** A point is a spike beyond this many robust standard deviations of the residuals. */
const THRESHOLD = 5;
/** Scales a MAD to a standard deviation under normal residuals. */
const MAD_TO_SD = 1.4826;
/** The newest points are kept: their right-hand neighbours are unknown, and a new level shift must stay. */
const KEEP_LAST = 2;

/**
 * `values` with each isolated spike replaced by the median of its centred 5 points (truncated at the
 * ends). A spike is a point farther than 5 × 1.4826 × MAD of the residuals from that median. Runs
 * of 3 or more points (plateaus, level shifts) and the last 2 points are never changed; a MAD of 0
 * changes nothing. Returns a new array.
 */
export function cleanSpikes(values: readonly number[]): number[] {
  const out = [...values];
  const n = values.length;
  if (n <= KEEP_LAST) return out;
  // One small buffer reused for every centred window: this runs before every fit and forecast.
  const buffer = new Float64Array(2 * HALF_WIDTH + 1);
  const centre = values.map((_, i) => {
    const from = Math.max(0, i - HALF_WIDTH);
    const to = Math.min(n, i + HALF_WIDTH + 1);
    for (let j = from; j < to; j++) buffer[j - from] = values[j] as number;
    return median(buffer.subarray(0, to - from));
  });
  const residuals = values.map((v, i) => v - (centre[i] as number));
  const scale = MAD_TO_SD * mad(residuals);
  if (!(scale > 0)) return out;
  for (let i = 0; i < n - KEEP_LAST; i++) {
    if (Math.abs(residuals[i] as number) > THRESHOLD * scale) out[i] = centre[i] as number;
  }
  return out;
}

/** Median absolute deviation from the median. */
function mad(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

/** Median (mean of the two middle values for an even count); sorts `values` when it is a buffer. */
function median(values: readonly number[] | Float64Array): number {
  const sorted = values instanceof Float64Array ? values.sort() : Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[mid] as number;
  return ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
