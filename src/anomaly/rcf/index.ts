/**
 * A streaming Random Cut Forest detector, a benchmark candidate (issue 13) that production does not
 * run: random cut trees, their time-decayed samples, the forest over shingles and its CoDisp turned
 * into a likelihood score.
 */
export {
  coDisplacement,
  deleteLeaf,
  insertPoint,
  newRandomCutTree,
  treeSize,
  type Branch,
  type Leaf,
  type RandomCutTree,
  type TreeNode,
} from './random-cut-tree';
export { addToSample, admits, newDecaySampler, sampleWeight, type DecaySampler } from './decay-sampler';
export {
  forestCoDisplacements,
  forestStep,
  newForest,
  type ForestOptions,
  type ForestState,
} from './random-cut-forest';
export {
  RCF_FOREST,
  RCF_TESTS,
  rcfLikelihoodScores,
  rcfOptions,
  rcfTails,
  type RcfLikelihoodOptions,
} from './rcf-likelihood';
/** Re-exported for the bench's fusion, which scores the forest's tails as production scores its own. */
export { tailScore } from '../error-stream';
