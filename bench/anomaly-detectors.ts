/**
 * Every detector's per-row scores for the benchmark's series, each at its own step: metricast's
 * detectors (`scoreAll`), seeded random scores (a floor: NAB's "random detections") and, unless
 * left out, the LSTM classifier trained leave-one-series-out.
 */
import { scoreAll } from '../src/anomaly';
import { mulberry32 } from '../src/forecast/tfjs/prng';
import type { LabelledSeries } from './anomaly-data';

export type Scores = Record<string, readonly number[]>;

/** The detectors in table order; the first is the one production runs. */
export const DETECTORS = [
  'likelihood',
  'extreme',
  'band95',
  'changepoint',
  'outlier',
  'lstm',
  'random',
  'sigma3',
];

/** Scores of every detector but the LSTM, per series. */
export async function scoreSeries(series: readonly LabelledSeries[]): Promise<Scores[]> {
  const all: Scores[] = [];
  for (const [i, s] of series.entries()) {
    const random = mulberry32(1_000 + i);
    all.push({ ...(await scoreAll(s.values, s.stepMs, s.times)), random: s.values.map(() => random()) });
  }
  return all;
}
