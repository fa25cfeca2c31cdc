/**
 * The learned combiner of bench:anomaly-fusion: a logistic regression on unit-free per-point inputs
 * (clipped −log10 tails of every test, the new-extreme flag, logs of the other detectors' scores),
 * trained on labelled series with positives the second half of each window (after the anomaly's
 * start, where NAB windows are centred) and a 5% sample of points outside windows, weighted to
 * balance the classes. Series are split into 8 folds by a hash of their name: a series is scored by
 * the model of the folds it is not in, so it never learns from itself.
 */
import { FEATURES, col, type SeriesFeatures } from './anomaly-fusion-features';

/** Unit-free inputs of the logistic combiner: clipped −log10 tails, the new-extreme flag, logs of other scores. */
const LR_INPUTS = FEATURES.filter((f) => f !== 'spatial');
function lrRow(s: SeriesFeatures, i: number, out: Float64Array): void {
  LR_INPUTS.forEach((name, k) => {
    const v = col(s, name)[i] as number;
    out[k] = Math.min(10, k < 11 ? v : Math.log1p(Math.max(0, v)));
  });
  out[LR_INPUTS.length] = (col(s, 'spatial')[i] as number) > 0 ? 1 : 0;
  out[LR_INPUTS.length + 1] = 1;
}
const LR_DIM = LR_INPUTS.length + 2;

/** Weighted logistic regression by Adam on positives (second half of windows) and sampled negatives. */
function trainLogistic(train: readonly SeriesFeatures[], seed: number): Float64Array {
  const xs: Float64Array[] = [];
  const ys: number[] = [];
  let state = seed;
  const rand = (): number => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  for (const s of train) {
    const positive = new Uint8Array(s.n);
    for (const w of s.windows)
      for (let i = Math.floor((w.first + w.last) / 2); i <= w.last; i++) positive[i] = 1;
    const inWindow = new Uint8Array(s.n);
    for (const w of s.windows) for (let i = w.first; i <= w.last; i++) inWindow[i] = 1;
    for (let i = s.from; i < s.n; i++) {
      if (inWindow[i] === 1 && positive[i] === 0) continue; // before onset: neither
      if (positive[i] === 0 && rand() > 0.05) continue;
      const x = new Float64Array(LR_DIM);
      lrRow(s, i, x);
      xs.push(x);
      ys.push(positive[i] as number);
    }
  }
  const pos = ys.filter((y) => y === 1).length;
  const wPos = (ys.length - pos) / Math.max(1, pos);
  const w = new Float64Array(LR_DIM);
  const m = new Float64Array(LR_DIM);
  const v = new Float64Array(LR_DIM);
  const g = new Float64Array(LR_DIM);
  for (let it = 1; it <= 300; it++) {
    g.fill(0);
    let total = 0;
    xs.forEach((x, j) => {
      let z = 0;
      for (let k = 0; k < LR_DIM; k++) z += (w[k] as number) * (x[k] as number);
      const p = 1 / (1 + Math.exp(-z));
      const weight = ys[j] === 1 ? wPos : 1;
      total += weight;
      const d = weight * (p - (ys[j] as number));
      for (let k = 0; k < LR_DIM; k++) g[k] = (g[k] as number) + d * (x[k] as number);
    });
    for (let k = 0; k < LR_DIM; k++) {
      const grad = (g[k] as number) / total + (k < LR_DIM - 1 ? 1e-3 * (w[k] as number) : 0);
      m[k] = 0.9 * (m[k] as number) + 0.1 * grad;
      v[k] = 0.999 * (v[k] as number) + 0.001 * grad * grad;
      const mh = (m[k] as number) / (1 - 0.9 ** it);
      const vh = (v[k] as number) / (1 - 0.999 ** it);
      w[k] = (w[k] as number) - (0.05 * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  return w;
}

/** Folds by series name hash: a series is never in its own fold's training set. */
const FOLDS = 8;
const foldOf = (s: SeriesFeatures): number => {
  let h = 0;
  for (const ch of `${s.name}:${s.n}`) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % FOLDS;
};
const models = new Map<number, Float64Array>();
export function logisticScores(s: SeriesFeatures, train: readonly SeriesFeatures[]): Float64Array {
  const fold = foldOf(s);
  let w = models.get(fold);
  if (w === undefined) {
    w = trainLogistic(
      train.filter((x) => foldOf(x) !== fold),
      7 + fold,
    );
    models.set(fold, w);
  }
  const x = new Float64Array(LR_DIM);
  const out = new Float64Array(s.n);
  for (let i = 0; i < s.n; i++) {
    lrRow(s, i, x);
    let z = 0;
    for (let k = 0; k < LR_DIM; k++) z += (w[k] as number) * (x[k] as number);
    out[i] = z;
  }
  return out;
}
