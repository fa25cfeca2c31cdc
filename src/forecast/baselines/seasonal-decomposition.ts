/**
 * The seasonality test and classical decomposition the Theta family deseasonalises with (as
 * statsforecast's AutoTheta does: a 90% ACF test, then statsmodels' `seasonal_decompose`).
 */

/** Autocorrelation of `y` at lags 1..maxLag. */
function acf(y: readonly number[], maxLag: number): number[] {
  const n = y.length;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const denominator = y.reduce((s, v) => s + (v - mean) ** 2, 0);
  return Array.from({ length: maxLag }, (_, l) => {
    let sum = 0;
    for (let t = l + 1; t < n; t++) sum += ((y[t] ?? 0) - mean) * ((y[t - l - 1] ?? 0) - mean);
    return denominator > 0 ? sum / denominator : 0;
  });
}

/** The 90% ACF seasonality test: |r_m| beyond 1.645·√((1 + 2Σ r_k², k < m) / n); needs 2 seasons. */
export function isSeasonal(y: readonly number[], m: number): boolean {
  if (m < 4 || y.length < 2 * m) return false;
  const r = acf(y, m);
  const rm = r[m - 1] ?? 0;
  const spread = 1 + 2 * r.slice(0, m - 1).reduce((s, v) => s + v * v, 0);
  return Math.abs(rm) > 1.645 * Math.sqrt(spread / y.length);
}

/** Centred moving average of one season (2×m when m is even) at each t with a full window; NaN elsewhere. */
export function centredTrend(y: readonly number[], m: number): number[] {
  const half = Math.floor(m / 2);
  const even = m % 2 === 0;
  const trend = new Array<number>(y.length).fill(NaN);
  if (y.length < 2 * half + 1) return trend;
  // Running sum of the m − 1 (even) or m (odd) inner points; even seasons add the two ends at half weight.
  const inner = even ? half - 1 : half;
  let sum = 0;
  for (let j = -inner; j <= inner; j++) sum += y[half + j] ?? 0;
  for (let t = half; t < y.length - half; t++) {
    if (t > half) sum += (y[t + inner] ?? 0) - (y[t - inner - 1] ?? 0);
    const ends = even ? 0.5 * ((y[t - half] ?? 0) + (y[t + half] ?? 0)) : 0;
    trend[t] = (sum + ends) / m;
  }
  return trend;
}

/**
 * Classical decomposition's seasonal indices (centred moving average, mean per phase), normalised;
 * `indices[t % m]` belongs to position t of `y`. Multiplicative when every value is positive and
 * no index falls below 0.01 (a near-zero divisor would blow the adjusted series up), else additive.
 */
export function seasonalIndices(
  y: readonly number[],
  m: number,
): { indices: number[]; multiplicative: boolean } {
  const trend = centredTrend(y, m);
  const indicesOf = (multiplicative: boolean): number[] => phaseMeans(y, trend, m, multiplicative);
  if (y.every((v) => v > 0)) {
    const indices = indicesOf(true);
    if (indices.every((v) => v >= 0.01)) return { indices, multiplicative: true };
  }
  return { indices: indicesOf(false), multiplicative: false };
}

/** Normalised mean of each phase of `y` over (or minus) `trend`, where the trend is defined. */
export function phaseMeans(
  y: readonly number[],
  trend: readonly number[],
  m: number,
  multiplicative: boolean,
): number[] {
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  trend.forEach((level, t) => {
    if (Number.isNaN(level)) return;
    const value = y[t] ?? 0;
    sums[t % m] = (sums[t % m] ?? 0) + (multiplicative ? value / level : value - level);
    counts[t % m] = (counts[t % m] ?? 0) + 1;
  });
  const raw = sums.map((s, i) => s / Math.max(1, counts[i] ?? 1));
  const centre = raw.reduce((a, b) => a + b, 0) / m;
  return raw.map((v) => (multiplicative ? v / centre : v - centre));
}
