/**
 * The LSTM classifier the seeds asked for: it reads the last 24 hours before and including a
 * point (as 24 hourly blocks: mean and max, standardised by that day's median and spread) and
 * says how likely the point lies in a labelled anomaly window. Trained on labelled series and
 * applied to others only (the benchmark trains one model per left-out group of series). Pure:
 * tfjs, no Temporal, no MariaDB. Seeded, so a training run repeats.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32, permutation } from '../forecast/tfjs/prng';
import { median, robustScale } from './stats';
import type { IndexWindow } from './types';

/** Hours of history per example, and features per hour. */
const HOURS = 24;
const FEATURES = 2;

export interface LstmTrainingSeries {
  readonly values: readonly number[];
  readonly stepMs: number;
  readonly windows: readonly IndexWindow[];
  /** First row that may serve as an example (NAB's probationary period is learned from too). */
  readonly from?: number;
}

export interface LstmClassifierOptions {
  readonly units: number;
  readonly epochs: number;
  /** One example every this many rows of each series. */
  readonly stride: number;
  readonly seed: number;
}

export const LSTM_CLASSIFIER: LstmClassifierOptions = { units: 8, epochs: 4, stride: 6, seed: 13 };

/** Rows per hourly block at `stepMs` (at least 1). */
function blockOf(stepMs: number): number {
  return Math.max(1, Math.round(3_600_000 / stepMs));
}

/** The example ending at row `i`: 24 hourly [mean, max], standardised; undefined before a full day. */
export function dayFeatures(values: readonly number[], stepMs: number, i: number): number[][] | undefined {
  const block = blockOf(stepMs);
  const start = i + 1 - HOURS * block;
  if (start < 0) return undefined;
  const day = values.slice(start, i + 1);
  const centre = median(day);
  const scale = Math.max(robustScale(day), 1e-3 * Math.abs(centre), 1e-9);
  const rows: number[][] = [];
  for (let h = 0; h < HOURS; h++) {
    const slice = day.slice(h * block, (h + 1) * block);
    const mean = slice.reduce((a, b) => a + b, 0) / slice.length;
    const max = Math.max(...slice);
    // Clipped, so one enormous value does not saturate every unit.
    rows.push([clip((mean - centre) / scale), clip((max - centre) / scale)]);
  }
  return rows;
}

function clip(x: number): number {
  return Math.max(-20, Math.min(20, x)) / 5;
}

const inWindow = (windows: readonly IndexWindow[], i: number): boolean =>
  windows.some((w) => i >= w.first && i <= w.last);

/** Trains a classifier on labelled series; the caller disposes the model. */
export async function trainLstmClassifier(
  series: readonly LstmTrainingSeries[],
  options: LstmClassifierOptions = LSTM_CLASSIFIER,
): Promise<tf.LayersModel> {
  const xs: number[][][] = [];
  const ys: number[] = [];
  for (const s of series) {
    for (let i = s.from ?? 0; i < s.values.length; i += options.stride) {
      const x = dayFeatures(s.values, s.stepMs, i);
      if (x === undefined) continue;
      xs.push(x);
      ys.push(inWindow(s.windows, i) ? 1 : 0);
    }
  }
  const positives = ys.reduce((a, b) => a + b, 0);
  const { model, optimizer } = build(options);
  try {
    if (xs.length > 0) await fitSeeded(model, xs, ys, positives, options);
  } catch (err) {
    model.dispose();
    throw err;
  } finally {
    // The model was compiled with an optimizer instance, which `model.dispose()` leaves alone
    // (tfjs only disposes optimizers it created): Adam's moment estimates would outlive the model.
    // The returned model only predicts, so they go now.
    optimizer.dispose();
  }
  return model;
}

/**
 * One `fit` call per epoch on rows in an order drawn from the seed: `fit`'s own shuffle uses
 * `Math.random`, which cannot be seeded, so the same seed would not give the same model.
 */
async function fitSeeded(
  model: tf.LayersModel,
  xs: number[][][],
  ys: number[],
  positives: number,
  options: LstmClassifierOptions,
): Promise<void> {
  const weight = positives > 0 ? Math.min(20, (ys.length - positives) / positives) : 1;
  const random = mulberry32(options.seed);
  const x = tf.tensor3d(xs);
  const y = tf.tensor2d(ys, [ys.length, 1]);
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const [xe, ye] = tf.tidy(() => {
        const order = tf.tensor1d(permutation(ys.length, random), 'int32');
        return [tf.gather(x, order), tf.gather(y, order)];
      });
      try {
        await model.fit(xe, ye, {
          epochs: 1,
          batchSize: 64,
          shuffle: false,
          verbose: 0,
          classWeight: { 0: 1, 1: weight },
        });
      } finally {
        tf.dispose([xe, ye]);
      }
    }
  } finally {
    tf.dispose([x, y]);
  }
}

function build(options: LstmClassifierOptions): { model: tf.LayersModel; optimizer: tf.Optimizer } {
  const input = tf.input({ shape: [HOURS, FEATURES] });
  const lstm = tf.layers.lstm({
    units: options.units,
    kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: options.seed + 1, gain: 1 }),
  });
  const dense = tf.layers.dense({
    units: 1,
    activation: 'sigmoid',
    kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed + 2 }),
  });
  const output = dense.apply(lstm.apply(input)) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  const optimizer = tf.train.adam(0.01);
  model.compile({ optimizer, loss: 'binaryCrossentropy' });
  return { model, optimizer };
}

/** Per-row probability of lying in an anomaly window; 0 before a full day of history. */
export function lstmClassifierScores(
  model: tf.LayersModel,
  values: readonly number[],
  stepMs: number,
): number[] {
  const scores = new Array<number>(values.length).fill(0);
  const rows: number[] = [];
  const xs: number[][][] = [];
  values.forEach((_, i) => {
    const x = dayFeatures(values, stepMs, i);
    if (x === undefined) return;
    rows.push(i);
    xs.push(x);
  });
  for (let first = 0; first < xs.length; first += 2048) {
    const batch = xs.slice(first, first + 2048);
    const out = tf.tidy(() => (model.predict(tf.tensor3d(batch)) as tf.Tensor).dataSync());
    batch.forEach((_, k) => (scores[rows[first + k] as number] = out[k] as number));
  }
  return scores;
}
