/** Synthetic hourly series for the tfjs tests, generated from a seed so every run sees the same data. */
import { mulberry32 } from '../../../src/forecast/tfjs/prng';
import type { PredictInput, SeriesData } from '../../../src/forecast/types';

export const HOUR = 3_600_000;
export const START = Date.UTC(2024, 0, 1);

/** Standard normal draws (Box–Muller) from a seeded uniform source. */
export function gaussian(seed: number): () => number {
  const random = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** 10 + 3·sin(daily) + N(0, noise²): two weeks of hourly points by default. */
export function dailySine(length = 336, noise = 0.3, seed = 7): SeriesData {
  const draw = gaussian(seed);
  const values = Array.from({ length }, (_, t) => 10 + 3 * Math.sin((2 * Math.PI * t) / 24) + noise * draw());
  return { start: START, stepMs: HOUR, values };
}

/** A smooth random covariate and a target that follows it `lead` steps later: target(t) = cov(t − lead) + noise. */
export function leadingCovariate(
  length = 336,
  lead = 6,
  seed = 11,
): { target: SeriesData; covariate: number[] } {
  const draw = gaussian(seed);
  const covariate: number[] = [];
  let c = 0;
  for (let t = 0; t < length + lead; t++) covariate.push((c = 0.8 * c + draw()));
  const values = Array.from({ length }, (_, t) => 5 + (covariate[t] as number) + 0.1 * draw());
  return { target: { start: START, stepMs: HOUR, values }, covariate: covariate.slice(lead) };
}

/** The first `length` points of a series. */
export function head(series: SeriesData, length: number): SeriesData {
  return { ...series, values: series.values.slice(0, length) };
}

/** Rolling-origin inputs over `[from, to)`: each history ends just before its origin. */
export function originsBetween(
  series: SeriesData,
  from: number,
  to: number,
  covariate?: number[],
): PredictInput[] {
  const inputs: PredictInput[] = [];
  for (let o = from; o < to; o++) {
    inputs.push({
      history: head(series, o),
      ...(covariate ? { covariates: { lead: covariate.slice(0, o) } } : {}),
    });
  }
  return inputs;
}

/** Mean absolute error of forecasts (and of the naive last-value forecast) against the series. */
export function scores(
  series: SeriesData,
  inputs: readonly PredictInput[],
  points: readonly (readonly number[])[],
) {
  let model = 0;
  let naive = 0;
  let count = 0;
  inputs.forEach((input, i) => {
    const origin = input.history.values.length;
    const last = input.history.values[origin - 1] as number;
    (points[i] ?? []).forEach((p, h) => {
      const actual = series.values[origin + h] as number;
      model += Math.abs(actual - p);
      naive += Math.abs(actual - last);
      count++;
    });
  });
  return { mae: model / count, naiveMae: naive / count };
}

/** Population standard deviation. */
export function std(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
}
