/**
 * A small Levenberg–Marquardt least-squares solver with a forward-difference Jacobian, for the
 * few-parameter conditional-sum-of-squares fits of seasonal ARIMA. Deterministic: same start,
 * same result. A residual function may return `undefined` for an inadmissible point (a
 * non-stationary AR or non-invertible MA polynomial): the step is refused and damping raised.
 */

/** Options of {@link levenbergMarquardt}. */
export interface LevenbergMarquardtOptions {
  readonly maxIterations?: number;
  /** Stop when a step lowers the sum of squares by less than this share. */
  readonly tolerance?: number;
}

/** Minimises Σ r(x)²; returns the best point and its sum of squares. */
export function levenbergMarquardt(
  residuals: (x: readonly number[]) => Float64Array | undefined,
  start: readonly number[],
  options: LevenbergMarquardtOptions = {},
): { readonly x: number[]; readonly sse: number } {
  const maxIterations = options.maxIterations ?? 60;
  const tolerance = options.tolerance ?? 1e-7;
  let x = [...start];
  let r = residuals(x);
  if (r === undefined) return { x, sse: Infinity };
  let sse = sumOfSquares(r);
  let lambda = 1e-3;
  const k = x.length;
  for (let it = 0; it < maxIterations && k > 0; it++) {
    const jacobian = columnsOf(residuals, x, r);
    if (jacobian === undefined) break;
    const { normal, gradient } = normalEquations(jacobian, r);
    let improved = false;
    for (let attempt = 0; attempt < 10; attempt++) {
      const damped = normal.map((row, i) => row.map((v, j) => (i === j ? v * (1 + lambda) + 1e-12 : v)));
      const step = solve(
        damped,
        gradient.map((g) => -g),
      );
      if (step === undefined) break;
      const candidate = x.map((v, i) => v + (step[i] ?? 0));
      const next = residuals(candidate);
      const nextSse = next === undefined ? Infinity : sumOfSquares(next);
      if (next !== undefined && nextSse < sse) {
        const gain = (sse - nextSse) / Math.max(sse, 1e-300);
        x = candidate;
        r = next;
        sse = nextSse;
        lambda = Math.max(lambda / 10, 1e-9);
        improved = gain > tolerance;
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  return { x, sse };
}

function sumOfSquares(r: Float64Array): number {
  let s = 0;
  for (const v of r) s += v * v;
  return s;
}

/** Forward-difference Jacobian columns ∂r/∂x_j; undefined when a nudged point is inadmissible. */
function columnsOf(
  residuals: (x: readonly number[]) => Float64Array | undefined,
  x: readonly number[],
  r: Float64Array,
): Float64Array[] | undefined {
  const columns: Float64Array[] = [];
  for (let j = 0; j < x.length; j++) {
    const h = 1e-6 * Math.max(1, Math.abs(x[j] ?? 0));
    let nudged = residuals(x.map((v, i) => (i === j ? v + h : v)));
    let sign = 1;
    if (nudged === undefined) {
      // At the edge of the admissible region: difference backwards instead.
      nudged = residuals(x.map((v, i) => (i === j ? v - h : v)));
      sign = -1;
    }
    if (nudged === undefined) return undefined;
    const column = new Float64Array(r.length);
    for (let t = 0; t < r.length; t++) column[t] = (sign * ((nudged[t] ?? 0) - (r[t] ?? 0))) / h;
    columns.push(column);
  }
  return columns;
}

function normalEquations(columns: readonly Float64Array[], r: Float64Array) {
  const k = columns.length;
  const normal = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const gradient = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    const ci = columns[i] as Float64Array;
    for (let j = i; j < k; j++) {
      const cj = columns[j] as Float64Array;
      let s = 0;
      for (let t = 0; t < ci.length; t++) s += (ci[t] ?? 0) * (cj[t] ?? 0);
      (normal[i] as number[])[j] = s;
      (normal[j] as number[])[i] = s;
    }
    let g = 0;
    for (let t = 0; t < ci.length; t++) g += (ci[t] ?? 0) * (r[t] ?? 0);
    gradient[i] = g;
  }
  return { normal, gradient };
}

/** Gaussian elimination with partial pivoting; undefined when singular. */
export function solve(matrix: readonly (readonly number[])[], rhs: readonly number[]): number[] | undefined {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++)
      if (Math.abs(a[row]?.[col] ?? 0) > Math.abs(a[pivot]?.[col] ?? 0)) pivot = row;
    const pivotRow = a[pivot] as number[];
    if (!(Math.abs(pivotRow[col] ?? 0) > 1e-300)) return undefined;
    [a[col], a[pivot]] = [pivotRow, a[col] as number[]];
    const top = a[col] as number[];
    for (let row = col + 1; row < n; row++) {
      const current = a[row] as number[];
      const factor = (current[col] ?? 0) / (top[col] ?? 1);
      for (let j = col; j <= n; j++) current[j] = (current[j] ?? 0) - factor * (top[j] ?? 0);
    }
  }
  const out = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    const current = a[row] as number[];
    let s = current[n] ?? 0;
    for (let j = row + 1; j < n; j++) s -= (current[j] ?? 0) * (out[j] ?? 0);
    out[row] = s / (current[row] ?? 1);
  }
  return out.every(Number.isFinite) ? out : undefined;
}
