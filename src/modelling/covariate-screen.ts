/**
 * Which of a host's other series are worth a twin's input channels. Every channel costs the network
 * weights it must learn from a few hundred windows, so a series unrelated to the target makes the
 * twin worse (measured: three noise channels beside a leading one undid its gain). A series is kept
 * when its changes correlate with the target's changes 1..horizon steps later, on the training
 * segment only (the calibration segment stays for the choice by validation).
 */
import type { Covariates } from '../forecast';

/** Lowest |correlation| kept: unrelated series over ~300 hourly training points measured at most 0.16. */
export const MIN_LEAD_CORRELATION = 0.3;

/**
 * Changes net of the daily shape: step-to-step differences of the seasonal differences. Host metrics
 * share a daily rhythm that time encodings already give the model; only the rest is news.
 */
function changes(values: readonly number[], end: number, season: number): number[] {
  const m = end > 3 * season ? season : 0;
  const seasonal = (i: number) => (values[i] as number) - (m > 0 ? (values[i - m] as number) : 0);
  const out: number[] = [];
  for (let i = m + 1; i < end; i++) out.push(seasonal(i) - seasonal(i - 1));
  return out;
}

/** Pearson correlation of `a[i]` with `b[i + lag]` over the pairs both have. */
export function laggedCorrelation(a: readonly number[], b: readonly number[], lag: number): number {
  const n = Math.min(a.length, b.length - lag);
  if (n < 3) return 0;
  let [sa, sb] = [0, 0];
  for (let i = 0; i < n; i++) [sa, sb] = [sa + (a[i] as number), sb + (b[i + lag] as number)];
  const [ma, mb] = [sa / n, sb / n];
  let [cov, va, vb] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const [da, db] = [(a[i] as number) - ma, (b[i + lag] as number) - mb];
    [cov, va, vb] = [cov + da * db, va + da * da, vb + db * db];
  }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
}

/** A covariate's strongest lead: max |correlation| of its changes with the target's 1..horizon steps later. */
export function leadStrength(
  target: readonly number[],
  covariate: readonly number[],
  options: ScreenOptions,
): number {
  const { end, seasonPeriod } = options;
  const [dt, dc] = [changes(target, end, seasonPeriod), changes(covariate, end, seasonPeriod)];
  let best = 0;
  for (let lag = 1; lag <= options.horizon; lag++)
    best = Math.max(best, Math.abs(laggedCorrelation(dc, dt, lag)));
  return best;
}

export interface ScreenOptions {
  readonly horizon: number;
  readonly seasonPeriod: number;
  /** Only `[0, end)` is read: the training segment. */
  readonly end: number;
}

/** The covariates that lead the target on `[0, end)`, strongest first, at most `max`; undefined when none. */
export function screenCovariates(
  target: readonly number[],
  covariates: Covariates,
  options: ScreenOptions & { readonly max: number },
): Covariates | undefined {
  const ranked = Object.entries(covariates)
    .map(([name, values]) => ({ name, values, strength: leadStrength(target, values, options) }))
    .filter((c) => c.strength >= MIN_LEAD_CORRELATION)
    .sort((a, b) => b.strength - a.strength)
    .slice(0, options.max);
  return ranked.length > 0 ? Object.fromEntries(ranked.map((c) => [c.name, c.values])) : undefined;
}
