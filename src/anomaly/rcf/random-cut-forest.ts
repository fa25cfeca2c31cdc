/**
 * A streaming Random Cut Forest (Guha et al. 2016; AWS's RCF) over shingles: each point is the
 * last `shingle` values of the series at its own step, so a tree sees a short shape, not a lone
 * value. Every tree keeps its own time-decayed sample (decay-sampler.ts). A new shingle is scored
 * by its collusive displacement (CoDisp) in each tree, averaged over trees, before the samplers
 * decide whether it stays: the score of point i uses only points up to i.
 *
 * Values enter normalised by a running level and mean absolute deviation (forgetting with a
 * half-life). Cuts are drawn in proportion to ranges, so a forest is blind to one scale for all
 * points; the running scale only matters as it drifts, letting an old regime's points keep a
 * comparable geometry while the samplers forget them. One seeded PRNG drives every cut and weight,
 * so a seed repeats a run exactly.
 */
import { mulberry32 } from '../../forecast/tfjs/prng';
import { addToSample, admits, newDecaySampler, sampleWeight, type DecaySampler } from './decay-sampler';
import {
  coDisplacement,
  deleteLeaf,
  insertPoint,
  newRandomCutTree,
  type Leaf,
  type RandomCutTree,
} from './random-cut-tree';

export interface ForestOptions {
  readonly trees: number;
  /** Points each tree keeps. */
  readonly sampleSize: number;
  /** Values per point (the shingle). */
  readonly shingle: number;
  /** Sampling decay λ per point (AWS's default is 1 / (10 × sample size)). */
  readonly decay: number;
  /** Half-life of the running level and scale, in points. */
  readonly halfLife: number;
  readonly seed: number;
}

export interface ForestState {
  readonly options: ForestOptions;
  readonly random: () => number;
  readonly trees: RandomCutTree[];
  readonly samplers: DecaySampler<Leaf>[];
  /** The last `shingle` normalised values, oldest first. */
  readonly recent: number[];
  /** Values seen. */
  seen: number;
  level: number;
  scale: number;
}

export function newForest(options: ForestOptions): ForestState {
  const random = mulberry32(options.seed);
  return {
    options,
    random,
    trees: Array.from({ length: options.trees }, () => newRandomCutTree(random)),
    samplers: Array.from({ length: options.trees }, () =>
      newDecaySampler<Leaf>(options.sampleSize, options.decay),
    ),
    recent: [],
    seen: 0,
    level: 0,
    scale: 0,
  };
}

/**
 * The value in units of the running scale. The deviation joins the scale before it is divided, so
 * the first values of a series (or of a flat start) cannot come out arbitrarily large.
 */
function normalise(forest: ForestState, value: number): number {
  const count = forest.seen + 1;
  const rate = Math.max(1 - Math.pow(0.5, 1 / forest.options.halfLife), 1 / count);
  const deviation = forest.seen === 0 ? 0 : value - forest.level;
  forest.scale += rate * (Math.abs(deviation) - forest.scale);
  forest.level = forest.seen === 0 ? value : forest.level + rate * deviation;
  forest.seen = count;
  return forest.scale > 0 ? deviation / forest.scale : 0;
}

/**
 * Takes the next value; returns the mean CoDisp of the shingle it completes (undefined until the
 * first full shingle). Mutates `forest`.
 */
export function forestStep(forest: ForestState, value: number): number | undefined {
  const { recent, options } = forest;
  recent.push(normalise(forest, value));
  if (recent.length > options.shingle) recent.shift();
  if (recent.length < options.shingle) return undefined;
  const point = Float64Array.from(recent);
  // Sequence numbers start at the first shingle, so decay weights stay small numbers.
  const sequence = forest.seen - options.shingle;
  let sum = 0;
  for (let t = 0; t < forest.trees.length; t++) {
    const tree = forest.trees[t] as RandomCutTree;
    const sampler = forest.samplers[t] as DecaySampler<Leaf>;
    const leaf = insertPoint(tree, point);
    sum += coDisplacement(leaf);
    const weight = sampleWeight(sequence, options.decay, forest.random);
    if (!admits(sampler, weight)) deleteLeaf(tree, leaf);
    else {
      const evicted = addToSample(sampler, weight, leaf);
      if (evicted !== undefined) deleteLeaf(tree, evicted);
    }
  }
  return sum / forest.trees.length;
}

/** Mean CoDisp of every point of `values` from a fresh forest (undefined before the first shingle). */
export function forestCoDisplacements(
  values: readonly number[],
  options: ForestOptions,
): (number | undefined)[] {
  const forest = newForest(options);
  return values.map((v) => forestStep(forest, v));
}
