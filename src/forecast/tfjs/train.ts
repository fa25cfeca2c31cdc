/**
 * The training loop. Written on `trainOnBatch` rather than `model.fit` for two reasons: `fit`'s shuffle
 * uses the unseedable `Math.random`, and the loop must yield to the event loop after every batch so a
 * Temporal worker's heartbeats get through while training runs.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32, permutation } from './prng';

/** Inputs `[n, window, channels]` and targets `[n, horizon]`. */
export interface TensorPair {
  readonly x: tf.Tensor;
  readonly y: tf.Tensor;
}

export interface TrainLoopOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly patience: number;
  readonly seed: number;
  readonly onProgress?: (progress: {
    readonly epoch: number;
    readonly loss: number;
    readonly valLoss?: number;
  }) => void;
}

export interface TrainLoopResult {
  readonly epochs: number;
  readonly bestEpoch: number;
  readonly bestLoss: number;
}

/** Lets pending I/O and timers (a Temporal heartbeat) run before the next slice of tensor work. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function runEpoch(
  model: tf.LayersModel,
  data: TensorPair,
  order: Int32Array,
  batchSize: number,
): Promise<number> {
  let total = 0;
  let batches = 0;
  for (let start = 0; start < order.length; start += batchSize) {
    const [xb, yb] = tf.tidy(() => {
      const idx = tf.tensor1d(order.subarray(start, start + batchSize), 'int32');
      return [tf.gather(data.x, idx), tf.gather(data.y, idx)];
    });
    const loss = await model.trainOnBatch(xb, yb);
    tf.dispose([xb, yb]);
    total += typeof loss === 'number' ? loss : (loss[0] as number);
    batches++;
    await yieldToEventLoop();
  }
  return total / batches;
}

// Rows per forward pass outside training: one pass over thousands of 5-minute windows would hold the
// event loop for over a second, so passes are chunked with a yield between them.
const CHUNK = 128;

/** The model's outputs for every row of `x`, computed in chunks that yield to the event loop. */
export async function predictInChunks(model: tf.LayersModel, x: tf.Tensor): Promise<Float32Array> {
  const n = x.shape[0] ?? 0;
  const parts: Float32Array[] = [];
  for (let start = 0; start < n; start += CHUNK) {
    const y = tf.tidy(() => model.predict(x.slice(start, Math.min(CHUNK, n - start))) as tf.Tensor);
    parts.push((await y.data()) as Float32Array);
    y.dispose();
    await yieldToEventLoop();
  }
  const out = new Float32Array(parts.reduce((sum, p) => sum + p.length, 0));
  parts.reduce((offset, p) => (out.set(p, offset), offset + p.length), 0);
  return out;
}

/** Mean loss (with the same penalties as training) over `data`, in chunks. */
async function evaluate(model: tf.LayersModel, data: TensorPair): Promise<number> {
  const n = data.x.shape[0] ?? 0;
  let total = 0;
  for (let start = 0; start < n; start += CHUNK) {
    const size = Math.min(CHUNK, n - start);
    total +=
      tf.tidy(() => {
        const loss = model.evaluate(data.x.slice(start, size), data.y.slice(start, size), {
          batchSize: CHUNK,
        });
        return (Array.isArray(loss) ? (loss[0] as tf.Scalar) : loss).dataSync()[0] as number;
      }) * size;
    await yieldToEventLoop();
  }
  return total / n;
}

/** Keeps copies of the best weights seen, so early stopping can roll back to them. */
class BestWeights {
  private weights: tf.Tensor[] = [];

  keep(model: tf.LayersModel): void {
    this.release();
    // Clones: the variables themselves are overwritten by the next optimizer step.
    this.weights = model.getWeights().map((w) => w.clone());
  }

  restore(model: tf.LayersModel): void {
    if (this.weights.length > 0) model.setWeights(this.weights);
  }

  release(): void {
    tf.dispose(this.weights);
    this.weights = [];
  }
}

/**
 * Trains `model` (compiled) on `train` with seeded shuffling, stopping early when the loss on `validation`
 * (or, without one, on `train`) has not improved for `patience` epochs, and restores the best weights.
 */
export async function trainLoop(
  model: tf.LayersModel,
  train: TensorPair,
  validation: TensorPair | undefined,
  options: TrainLoopOptions,
): Promise<TrainLoopResult> {
  const random = mulberry32(options.seed);
  const best = new BestWeights();
  let bestLoss = Infinity;
  let bestEpoch = 0;
  let epoch = 0;
  try {
    while (epoch < options.epochs && epoch - bestEpoch <= options.patience) {
      epoch++;
      const loss = await runEpoch(
        model,
        train,
        permutation(train.x.shape[0] ?? 0, random),
        options.batchSize,
      );
      const valLoss = validation === undefined ? undefined : await evaluate(model, validation);
      options.onProgress?.({ epoch, loss, ...(valLoss === undefined ? {} : { valLoss }) });
      const monitored = valLoss ?? loss;
      if (monitored < bestLoss) {
        bestLoss = monitored;
        bestEpoch = epoch;
        best.keep(model);
      }
    }
    best.restore(model);
  } finally {
    best.release();
  }
  return { epochs: epoch, bestEpoch, bestLoss };
}
