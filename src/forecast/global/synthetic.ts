/**
 * Synthetic infrastructure-like series for pretraining the global model, reproducible from a seed:
 * each is a random composition of a level, a trend (linear or slowly wandering), daily and weekly
 * seasonality (a few harmonics, added or multiplied in), AR(1) noise, occasional spikes and level
 * shifts, floored at zero when the series is a utilisation or a count. Nothing here is real data.
 */
import { mulberry32 } from '../tfjs/prng';
import type { SeriesData } from '../types';

/** What to generate. */
export interface SyntheticOptions {
  readonly count: number;
  readonly length: number;
  readonly stepMs: number;
  readonly seed: number;
  /** Epoch ms of the first point; default 2024-01-01T00:00Z. */
  readonly start?: number;
}

const DAY_MS = 86_400_000;

/** `count` series of `length` points at `stepMs`, the same for the same options. */
export function syntheticSeries(options: SyntheticOptions): SeriesData[] {
  const random = mulberry32(options.seed);
  const start = options.start ?? Date.UTC(2024, 0, 1);
  return Array.from({ length: options.count }, () => ({
    start,
    stepMs: options.stepMs,
    values: oneSeries(random, options.length, options.stepMs, start),
  }));
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(1e-12, random()))) * Math.cos(2 * Math.PI * random());
}

function harmonics(random: () => number, count: number): { amp: number; phase: number }[] {
  return Array.from({ length: count }, (_, h) => ({
    amp: random() / (h + 1),
    phase: 2 * Math.PI * random(),
  }));
}

function oneSeries(random: () => number, length: number, stepMs: number, start: number): number[] {
  const level = 10 ** (random() * 6 - 1);
  const daily = random() < 0.75 ? random() : 0;
  const weekly = random() < 0.4 ? 0.5 * random() : 0;
  const multiplicative = random() < 0.5;
  const trend = random() < 0.5 ? (normal(random) * 0.3) / length : 0;
  const wander = random() < 0.3 ? 0.02 * random() : 0;
  const noise = 0.02 + 0.3 * random() ** 2;
  const phi = 0.9 * random();
  const spikeRate = random() < 0.4 ? 0.005 * random() : 0;
  const shiftRate = random() < 0.3 ? 2 / length : 0;
  const floor = random() < 0.7;
  const dayShape = harmonics(random, 3);
  const weekShape = harmonics(random, 2);
  const values: number[] = [];
  let ar = 0;
  let drift = 0;
  let shift = 0;
  for (let t = 0; t < length; t++) {
    const time = start + t * stepMs;
    const dayAngle = (2 * Math.PI * (time % DAY_MS)) / DAY_MS;
    const weekAngle = (2 * Math.PI * (time % (7 * DAY_MS))) / (7 * DAY_MS);
    const season =
      daily * dayShape.reduce((s, h, i) => s + h.amp * Math.sin((i + 1) * dayAngle + h.phase), 0) +
      weekly * weekShape.reduce((s, h, i) => s + h.amp * Math.sin((i + 1) * weekAngle + h.phase), 0);
    ar = phi * ar + noise * normal(random);
    drift += wander * normal(random);
    if (random() < shiftRate) shift += 0.5 * normal(random);
    const base = 1 + trend * t + drift + shift;
    let v = multiplicative ? base * (1 + season) * (1 + ar) : base + season + ar;
    if (random() < spikeRate) v += (2 + 4 * random()) * (1 + Math.abs(season));
    values.push(level * (floor ? Math.max(0, v) : v));
  }
  return values;
}
