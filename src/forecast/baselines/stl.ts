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
  // Moments in d = j − x: the local line's value at x is its intercept.
  let sw = 0;
  let sd = 0;
  let sy = 0;
  let sdd = 0;
  let sdy = 0;
  for (let j = left; j <= right; j++) {
    const d = j - x;
    const r = Math.abs(d);
    let w = 0;
    if (r <= 0.001 * h) w = 1;
    else if (r <= 0.999 * h) {
      const u = r / h;
      const c = 1 - u * u * u;
      w = c * c * c;
    }
    const v = y[j] ?? 0;
    sw += w;
    sd += w * d;
    sy += w * v;
    sdd += w * d * d;
    sdy += w * d * v;
  }
  if (sw <= 0) return NaN;
  const dMean = sd / sw;
  const yMean = sy / sw;
  if (degree === 0) return yMean;
  const sxx = sdd - sw * dMean * dMean;
  // A near-flat design (all weight on one point) gives no usable slope: the local mean.
  if (Math.sqrt(Math.max(0, sxx) / sw) <= 0.001 * (n - 1)) return yMean;
  const slope = (sdy - sw * dMean * yMean) / sxx;
  return yMean - slope * dMean;
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
