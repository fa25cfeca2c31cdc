/**
 * The fixed combining rules of bench:anomaly-fusion, each from per-point features (−log10 tail
 * probabilities per test, anomaly-fusion-features.ts) to one score on production's scale: −log10
 * of a (Bonferroni-adjusted) probability, with new extremes at least `SPATIAL`.
 */
import { col, type SeriesFeatures } from './anomaly-fusion-features';

export type Rule = (s: SeriesFeatures) => Float64Array;

/** Production's six tests, in its order. */
export const PROD = ['change10', 'change6h', 'level6h', 'var6h', 'hod6h', 'how6h'];
export const SPATIAL = 8;

/** −log10 of the smallest tail over `tests`, Bonferroni × count; new extremes at least 8. */
export function minP(tests: readonly string[], spatial = true, factor = tests.length): Rule {
  return (s: SeriesFeatures): Float64Array => {
    const cols = tests.map((t) => col(s, t));
    const sp = col(s, 'spatial');
    const out = new Float64Array(s.n);
    const adj = Math.log10(factor);
    for (let i = 0; i < s.n; i++) {
      let m = 0;
      for (const c of cols) m = Math.max(m, c[i] as number);
      let v = Math.max(0, m - adj);
      if (spatial && (sp[i] as number) > 0) v = Math.max(v, SPATIAL);
      out[i] = v;
    }
    return out;
  };
}

/** log of the chi-square upper tail with 2k degrees of freedom at x (Fisher's method). */
function logChi2Tail(x: number, k: number): number {
  // P = e^{−x/2} Σ_{j<k} (x/2)^j / j!, summed in log space.
  const h = x / 2;
  let term = 0;
  let best = 0;
  const logs: number[] = [0];
  for (let j = 1; j < k; j++) {
    term += Math.log(h) - Math.log(j);
    logs.push(term);
    best = Math.max(best, term);
  }
  const sum = logs.reduce((s, l) => s + Math.exp(l - best), 0);
  return -h + best + Math.log(sum);
}

export function fisher(tests: readonly string[], top = tests.length, spatial = true): Rule {
  return (s: SeriesFeatures): Float64Array => {
    const cols = tests.map((t) => col(s, t));
    const sp = col(s, 'spatial');
    const out = new Float64Array(s.n);
    const row = new Array<number>(cols.length);
    for (let i = 0; i < s.n; i++) {
      cols.forEach((c, j) => (row[j] = c[i] as number));
      row.sort((a, b) => b - a);
      let sum = 0;
      for (let j = 0; j < top; j++) sum += row[j] as number;
      const x = 2 * Math.LN10 * sum;
      // Top-m of n: a Bonferroni factor C(n, m) for choosing which (conservative).
      let v = -logChi2Tail(x, top) / Math.LN10 - Math.log10(choose(tests.length, top));
      v = Math.max(0, v);
      if (spatial && (sp[i] as number) > 0) v = Math.max(v, SPATIAL);
      out[i] = v;
    }
    return out;
  };
}

function choose(n: number, k: number): number {
  let c = 1;
  for (let j = 0; j < k; j++) c = (c * (n - j)) / (j + 1);
  return c;
}

/** Production's score or another detector's, scaled so its default threshold lands on 4. */
export function union(base: Rule, others: Record<string, number>): Rule {
  return (s: SeriesFeatures): Float64Array => {
    const out = base(s);
    for (const [name, threshold] of Object.entries(others)) {
      const c = col(s, name);
      for (let i = 0; i < s.n; i++) out[i] = Math.max(out[i] as number, (4 * (c[i] as number)) / threshold);
    }
    return out;
  };
}

/** Production's score, or a fast test's beyond production's own adjustment plus `delta`. */
export function fast(tests: readonly string[], delta: number): Rule {
  const base = minP(PROD);
  return (s: SeriesFeatures): Float64Array => {
    const out = base(s);
    const adj = Math.log10(PROD.length + tests.length) + delta;
    for (const t of tests) {
      const c = col(s, t);
      for (let i = 0; i < s.n; i++) out[i] = Math.max(out[i] as number, (c[i] as number) - adj);
    }
    return out;
  };
}
/** A score sustained over `k` points (the smallest of the last k), new extremes at once. */
export function sustained(base: Rule, k: number): Rule {
  return (s: SeriesFeatures): Float64Array => {
    const b = base(s);
    const sp = col(s, 'spatial');
    const out = new Float64Array(s.n);
    for (let i = 0; i < s.n; i++) {
      let m = Infinity;
      for (let j = Math.max(0, i - k + 1); j <= i; j++) m = Math.min(m, b[j] as number);
      out[i] = (sp[i] as number) > 0 ? Math.max(m, SPATIAL) : m;
    }
    return out;
  };
}

/**
 * Production's score, or `SPATIAL` at a jump `ratio` times beyond every jump of the span of
 * `feature` (jumpDay, jumpWeek) whose one-point error is also at least `minTail` (−log10).
 */
export function jump(feature: string, ratio: number, minTail: number): Rule {
  const base = minP(PROD);
  return (s: SeriesFeatures): Float64Array => {
    const out = base(s);
    const j = col(s, feature);
    const c = col(s, 'change1');
    for (let i = 0; i < s.n; i++)
      if ((j[i] as number) > ratio && (c[i] as number) >= minTail)
        out[i] = Math.max(out[i] as number, SPATIAL);
    return out;
  };
}
