/**
 * STL (Cleveland, Cleveland, McRae & Terpenning 1990) without the robustness loop, with the
 * defaults `stlrs` uses behind augurs' MSTL: seasonal smoother of 7 cycles (degree 0), trend and
 * low-pass smoothers of degree 1 with the paper's lengths, two inner passes. Every loess is
 * evaluated at every point (no `jump` interpolation): exact, and cheap at the window sizes here.
 */

/** Trend, seasonal and remainder of a series; each as long as the input. */
export interface StlDecomposition {
  readonly seasonal: number[];
  readonly trend: number[];
  readonly remainder: number[];
}

/** Options of {@link stl}; lengths are odd numbers of points. */
export interface StlOptions {
  readonly seasonalLength?: number;
  readonly innerLoops?: number;
}

const nextOdd = (x: number): number => {
  const n = Math.ceil(x);
  return n % 2 === 0 ? n + 1 : n;
};

/** Local (degree 0 or 1) tricube-weighted regression of `y` (at 0..n−1) over its `q` nearest points, at `x`. */
export function loessAt(y: readonly number[], q: number, degree: 0 | 1, x: number): number {
  const n = y.length;
  const width = Math.min(q, n);
  const left = Math.max(0, Math.min(n - width, Math.ceil(x - (width - 1) / 2)));
  const right = left + width - 1;
  let h = Math.max(x - left, right - x);
  // A span longer than the series widens the weights beyond it, as the reference Fortran does.
  if (q > n) h += Math.floor((q - n) / 2);
  let sw = 0;
  let sx = 0;
  let sy = 0;
  const weights: number[] = [];
  for (let j = left; j <= right; j++) {
    const r = Math.abs(j - x);
    const w = r <= 0.001 * h ? 1 : r <= 0.999 * h ? (1 - (r / h) ** 3) ** 3 : 0;
    weights.push(w);
    sw += w;
    sx += w * j;
    sy += w * (y[j] ?? 0);
  }
  if (sw <= 0) return NaN;
  const xMean = sx / sw;
  const yMean = sy / sw;
  if (degree === 0) return yMean;
  let sxx = 0;
  let sxy = 0;
  weights.forEach((w, i) => {
    const dx = left + i - xMean;
    sxx += w * dx * dx;
    sxy += w * dx * ((y[left + i] ?? 0) - yMean);
  });
  // A near-flat design (all weight on one point) gives no usable slope: the local mean.
  if (Math.sqrt(sxx / sw) <= 0.001 * (n - 1)) return yMean;
  return yMean + (sxy / sxx) * (x - xMean);
}

function loess(y: readonly number[], q: number, degree: 0 | 1): number[] {
  return y.map((_, i) => loessAt(y, q, degree, i));
}

function movingAverage(y: readonly number[], length: number): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    sum += y[i] ?? 0;
    if (i >= length) sum -= y[i - length] ?? 0;
    if (i >= length - 1) out.push(sum / length);
  }
  return out;
}

/** Smooths each cycle-subseries and extends it one cycle either side: n + 2·period values. */
function cycleSubseries(detrended: readonly number[], period: number, q: number): number[] {
  const n = detrended.length;
  const out = new Array<number>(n + 2 * period).fill(0);
  for (let phase = 0; phase < period; phase++) {
    const sub: number[] = [];
    for (let t = phase; t < n; t += period) sub.push(detrended[t] ?? 0);
    for (let j = -1; j <= sub.length; j++) out[phase + (j + 1) * period] = loessAt(sub, q, 0, j);
  }
  return out;
}

/** STL decomposition of `y` with one season of `period` points (needs two full seasons). */
export function stl(y: readonly number[], period: number, options: StlOptions = {}): StlDecomposition {
  const n = y.length;
  if (period < 2 || n < 2 * period) throw new Error(`stl: needs two seasons of ${period}, got ${n} points`);
  const seasonalLength = nextOdd(Math.max(options.seasonalLength ?? 7, 3));
  const trendLength = nextOdd((1.5 * period) / (1 - 1.5 / seasonalLength));
  const lowPassLength = nextOdd(period);
  let trend = new Array<number>(n).fill(0);
  let seasonal = new Array<number>(n).fill(0);
  for (let pass = 0; pass < (options.innerLoops ?? 2); pass++) {
    const cycle = cycleSubseries(
      y.map((v, t) => v - (trend[t] ?? 0)),
      period,
      seasonalLength,
    );
    const low = loess(
      movingAverage(movingAverage(movingAverage(cycle, period), period), 3),
      lowPassLength,
      1,
    );
    seasonal = y.map((_, t) => (cycle[t + period] ?? 0) - (low[t] ?? 0));
    trend = loess(
      y.map((v, t) => v - (seasonal[t] ?? 0)),
      trendLength,
      1,
    );
  }
  return { seasonal, trend, remainder: y.map((v, t) => v - (seasonal[t] ?? 0) - (trend[t] ?? 0)) };
}
