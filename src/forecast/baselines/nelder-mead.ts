/**
 * A small Nelder–Mead simplex minimiser for the few-parameter fits of the statistical baselines
 * (Theta's level, smoothing and theta). Deterministic: same start, same result.
 */

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Initial step per coordinate. */
  readonly step: readonly number[];
  readonly maxIterations?: number;
  /** Stop when the simplex's values differ by less than this. */
  readonly tolerance?: number;
}

/** Minimises `f` from `start`; returns the best point found and its value. */
export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions,
): { readonly x: number[]; readonly value: number } {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 200 * n;
  const tolerance = options.tolerance ?? 1e-8;
  const safe = (x: readonly number[]): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let simplex = [
    start,
    ...start.map((_, i) => start.map((v, j) => (i === j ? v + (options.step[i] ?? 0.1) : v))),
  ].map((x) => ({ x: [...x], value: safe(x) }));
  for (let it = 0; it < maxIterations; it++) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0] as { x: number[]; value: number };
    const worst = simplex[n] as { x: number[]; value: number };
    if (Math.abs(worst.value - best.value) <= tolerance * (1 + Math.abs(best.value))) break;
    const centroid = start.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + (p.x[j] ?? 0), 0) / n);
    const along = (t: number): number[] => centroid.map((c, j) => c + t * ((worst.x[j] ?? 0) - c));
    const reflected = along(-1);
    const fr = safe(reflected);
    const second = (simplex[n - 1] as { value: number }).value;
    if (fr < best.value) {
      const expanded = along(-2);
      const fe = safe(expanded);
      simplex[n] = fe < fr ? { x: expanded, value: fe } : { x: reflected, value: fr };
    } else if (fr < second) {
      simplex[n] = { x: reflected, value: fr };
    } else {
      const contracted = fr < worst.value ? along(-0.5) : along(0.5);
      const fc = safe(contracted);
      if (fc < Math.min(fr, worst.value)) simplex[n] = { x: contracted, value: fc };
      else {
        // Shrink every vertex towards the best one.
        simplex = simplex.map((p, i) => {
          if (i === 0) return p;
          const x = p.x.map((v, j) => (best.x[j] ?? 0) + 0.5 * (v - (best.x[j] ?? 0)));
          return { x, value: safe(x) };
        });
      }
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  const top = simplex[0] as { x: number[]; value: number };
  return { x: top.x, value: top.value };
}
