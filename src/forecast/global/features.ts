/**
 * What the global model reads at one origin: the newest day of a series, normalised by that day's
 * own mean and spread (so series of any level and unit share one network), as a fine part (the
 * newest points at full resolution) and a coarse part (the whole day pooled into bins), plus the
 * origin's hour of day and day of week. Histories shorter than a day are padded with their first
 * value, so a series with a few hours of data still gets a forecast.
 */

/** Shape of the inputs; stored with the model. */
export interface GlobalFeatureSpec {
  readonly stepMs: number;
  readonly horizon: number;
  /** Points of context: one season (a day). */
  readonly context: number;
  /** Newest points fed at full resolution. */
  readonly fine: number;
  /** Bins the whole context is pooled into. */
  readonly coarse: number;
  /** Quantile levels of the outputs, median first. */
  readonly quantiles: readonly number[];
}

/** Quantiles the global model predicts: median, then the 80% and 95% interval edges. */
export const GLOBAL_QUANTILES = [0.5, 0.1, 0.9, 0.025, 0.975] as const;
const CLIP = 10;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** The spec for a step and horizon: a day of context, 24 fine points (or the day), 24 bins. */
export function globalFeatureSpec(stepMs: number, horizon: number, seasonPeriod: number): GlobalFeatureSpec {
  const context = Math.max(2 * horizon, seasonPeriod);
  return {
    stepMs,
    horizon,
    context,
    fine: Math.min(context, Math.max(24, 2 * horizon)),
    coarse: context > 48 ? 24 : 0,
    quantiles: [...GLOBAL_QUANTILES],
  };
}

/** Length of one input vector. */
export function inputSize(spec: GlobalFeatureSpec): number {
  return spec.fine + spec.coarse + 4;
}

/** Centre and scale of a context window. */
export interface WindowScale {
  readonly centre: number;
  readonly scale: number;
}

/** Mean and standard deviation of the window, the scale floored so flat windows stay finite. */
export function windowScale(window: ArrayLike<number>): WindowScale {
  let sum = 0;
  for (let i = 0; i < window.length; i++) sum += window[i] as number;
  const centre = sum / window.length;
  let squares = 0;
  for (let i = 0; i < window.length; i++) squares += ((window[i] as number) - centre) ** 2;
  const std = Math.sqrt(squares / window.length);
  return { centre, scale: Math.max(std, 1e-3 * Math.abs(centre), 1e-8) };
}

/** The `context` values ending just before `end` (exclusive), left-padded with the first value. */
export function contextWindow(values: ArrayLike<number>, end: number, context: number): Float64Array {
  const out = new Float64Array(context);
  const first = values[Math.max(0, end - context)] as number;
  for (let i = 0; i < context; i++) {
    const j = end - context + i;
    out[i] = j >= 0 ? (values[j] as number) : first;
  }
  return out;
}

/** Writes one input vector at `offset` of `into`; `originMs` is the time of the first forecast step. */
export function writeInput(
  into: Float32Array,
  offset: number,
  window: Float64Array,
  scale: WindowScale,
  originMs: number,
  spec: GlobalFeatureSpec,
): void {
  const norm = (v: number): number => Math.max(-CLIP, Math.min(CLIP, (v - scale.centre) / scale.scale));
  let at = offset;
  for (let i = spec.context - spec.fine; i < spec.context; i++) into[at++] = norm(window[i] as number);
  if (spec.coarse > 0) {
    const bin = spec.context / spec.coarse;
    for (let b = 0; b < spec.coarse; b++) {
      const from = Math.floor(b * bin);
      const to = Math.max(from + 1, Math.floor((b + 1) * bin));
      let sum = 0;
      for (let i = from; i < to; i++) sum += window[i] as number;
      into[at++] = norm(sum / (to - from));
    }
  }
  const day = (2 * Math.PI * (originMs % DAY_MS)) / DAY_MS;
  const week = (2 * Math.PI * ((originMs + 4 * DAY_MS) % WEEK_MS)) / WEEK_MS;
  into[at++] = Math.sin(day);
  into[at++] = Math.cos(day);
  into[at++] = Math.sin(week);
  into[at] = Math.cos(week);
}
