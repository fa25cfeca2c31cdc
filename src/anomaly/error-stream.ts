/**
 * One stream of forecast errors and how unlikely its recent errors are (HTM's anomaly likelihood,
 * Ahmad et al. 2017): each new raw error joins a short ring; for every averaging scale k the mean
 * of the last k raw errors is compared with the running mean and variance of that mean, learned
 * with exponential forgetting so the distribution follows a lasting change. The tail probability
 * is the Gaussian upper tail Q(z) (or 2·Q(|z|) for a two-sided stream, whose unusually *small*
 * errors also count: a metric that stops moving). Plain numbers only, so it can be stored as JSON.
 */
export interface ErrorStream {
  /** Raw errors recorded so far. */
  count: number;
  /** The last raw errors, ring at count % length (as long as the largest scale). */
  raw: number[];
  /** Per scale: running mean and variance of the averaged raw error (NaN before the first). */
  mean: number[];
  variance: number[];
}

/** A variance floor for the averaged raw error, so a very regular stretch is not infinitely sure. */
const MIN_VARIANCE = 0.01;

export function newErrorStream(scales: number): ErrorStream {
  return {
    count: 0,
    raw: [],
    mean: new Array<number>(scales).fill(NaN),
    variance: new Array<number>(scales).fill(NaN),
  };
}

/** Upper tail of the standard normal, Q(z) (Abramowitz–Stegun 7.1.26 via erfc). */
export function normalTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/**
 * The learning rate after `count` samples: plain running means until the weight of a half-life of
 * `halfLife` samples is reached, then exponential forgetting with that half-life.
 */
export function halfLifeRate(halfLife: number): (count: number) => number {
  const forget = 1 - Math.pow(0.5, 1 / halfLife);
  return (count) => Math.max(forget, 1 / Math.max(1, count));
}

/** −log10 of a tail probability tested `tests` times (Bonferroni), at least 0. */
export function tailScore(tail: number, tests: number): number {
  return -Math.log10(Math.max(Math.min(tail * tests, 1), 1e-300));
}

export interface StreamStep {
  /** Averaging windows, in points. */
  readonly scales: readonly number[];
  /** Whether unusually small averages count too. */
  readonly twoSided: boolean;
  /** Whether to score (false while the detector learns), as opposed to only learning. */
  readonly scoring: boolean;
  /** Learning rate after `count` samples (a plain mean at first, then exponential forgetting). */
  readonly rate: (count: number) => number;
}

/**
 * Records `raw` and returns the smallest tail probability over the scales (1 when nothing is
 * scored yet); mutates `stream`.
 */
export function errorStreamStep(stream: ErrorStream, raw: number, step: StreamStep): number {
  const seen = stream.count;
  const { scales } = step;
  let longest = 0;
  for (const k of scales) longest = Math.max(longest, k);
  stream.raw[seen % longest] = raw;
  stream.count = seen + 1;
  let best = 1;
  for (let s = 0; s < scales.length; s++) {
    const k = scales[s] as number;
    if (seen + 1 < k) continue;
    let sum = 0;
    for (let j = 0; j < k; j++) sum += stream.raw[(seen - j) % longest] as number;
    const average = sum / k;
    const mean = stream.mean[s] as number;
    const variance = stream.variance[s] as number;
    if (step.scoring && Number.isFinite(mean)) {
      const z = (average - mean) / Math.sqrt(Math.max(variance, MIN_VARIANCE / k));
      best = Math.min(best, step.twoSided ? 2 * normalTail(Math.abs(z)) : normalTail(z));
    }
    const alpha = step.rate(seen + 2 - k);
    const delta = Number.isFinite(mean) ? average - mean : 0;
    stream.mean[s] = Number.isFinite(mean) ? mean + alpha * delta : average;
    stream.variance[s] = Number.isFinite(variance) ? (1 - alpha) * (variance + alpha * delta * delta) : 0;
  }
  return best;
}
