import assert from 'node:assert/strict';
import { mulberry32 } from '../../src/forecast/tfjs/prng';
import {
  coDisplacement,
  deleteLeaf,
  forestCoDisplacements,
  insertPoint,
  newRandomCutTree,
  rcfLikelihoodScores,
  rcfOptions,
  treeSize,
  type Leaf,
  type TreeNode,
} from '../../src/anomaly/rcf';
import { DAY_POINTS, STEP, wave, withSpike } from './synthetic';

const options = rcfOptions(STEP);
/** Noon of day 3: a spike of 30 on a wave of 40 ± 10 with noise ±1. */
const AT = 3 * DAY_POINTS + DAY_POINTS / 2;

/** Every branch's count and box must equal those of its children (checked after edits). */
function checkNode(node: TreeNode): void {
  if (node.kind === 'leaf') return;
  assert.equal(node.count, node.left.count + node.right.count);
  for (const child of [node.left, node.right]) {
    assert.equal(child.parent, node);
    checkNode(child);
  }
  const lo = (n: TreeNode): Float64Array => (n.kind === 'leaf' ? n.point : n.min);
  const hi = (n: TreeNode): Float64Array => (n.kind === 'leaf' ? n.point : n.max);
  node.min.forEach((v, d) =>
    assert.equal(v, Math.min(lo(node.left)[d] as number, lo(node.right)[d] as number)),
  );
  node.max.forEach((v, d) =>
    assert.equal(v, Math.max(hi(node.left)[d] as number, hi(node.right)[d] as number)),
  );
}

describe('a random cut tree', () => {
  it('keeps counts and boxes exact through inserts, repeats and deletes', () => {
    const random = mulberry32(3);
    const tree = newRandomCutTree(random);
    const leaves: Leaf[] = [];
    for (let i = 0; i < 300; i++) {
      // Values rounded to a tenth: equal points recur and share a leaf.
      const point = Float64Array.from({ length: 4 }, () => Math.round(random() * 10) / 10);
      leaves.push(insertPoint(tree, point));
      if (i % 3 === 2) deleteLeaf(tree, leaves.shift() as Leaf);
    }
    assert.equal(treeSize(tree), leaves.length);
    checkNode(tree.root as TreeNode);
    for (const leaf of leaves) deleteLeaf(tree, leaf);
    assert.equal(tree.root, undefined);
  });

  it('gives a clear outlier a far higher CoDisp than the points of a cluster', () => {
    const random = mulberry32(5);
    const outlier = Float64Array.from([8, 8, 8]);
    const mean = { outlier: 0, inliers: 0 };
    const trees = 30;
    for (let t = 0; t < trees; t++) {
      const tree = newRandomCutTree(random);
      const inliers = Array.from({ length: 200 }, () =>
        insertPoint(
          tree,
          Float64Array.from({ length: 3 }, () => random()),
        ),
      );
      mean.outlier += coDisplacement(insertPoint(tree, outlier)) / trees;
      mean.inliers += inliers.reduce((s, l) => s + coDisplacement(l), 0) / inliers.length / trees;
    }
    assert.ok(mean.outlier > 20 * mean.inliers, `outlier ${mean.outlier}, inliers ${mean.inliers}`);
  });
});

describe('the random cut forest over shingles', () => {
  const spiked = withSpike(wave(5), AT, 30);

  it('repeats exactly with a seed, and differs with another', () => {
    const first = forestCoDisplacements(spiked.slice(0, 600), options.forest);
    assert.deepEqual(forestCoDisplacements(spiked.slice(0, 600), options.forest), first);
    const other = forestCoDisplacements(spiked.slice(0, 600), { ...options.forest, seed: 7 });
    assert.notDeepEqual(other, first);
  });

  it('scores the shingles holding a spike far above the rest', () => {
    const coDisp = forestCoDisplacements(spiked, options.forest);
    const quiet = coDisp.slice(DAY_POINTS, AT).map((c) => c as number);
    const sorted = [...quiet].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    assert.ok((coDisp[AT] as number) > 5 * median, `spike ${coDisp[AT]}, median ${median}`);
    assert.ok((coDisp[AT] as number) > Math.max(...quiet), 'above every quiet point');
  });

  it('is causal: appending points leaves earlier scores as they were', () => {
    const whole = rcfLikelihoodScores(spiked, options);
    const prefix = rcfLikelihoodScores(spiked.slice(0, AT + 5), options);
    assert.deepEqual(whole.slice(0, AT + 5), prefix);
    assert.ok((whole[AT + 5] as number) >= 4, `the spike's likelihood score ${whole[AT + 5]}`);
  });
});
