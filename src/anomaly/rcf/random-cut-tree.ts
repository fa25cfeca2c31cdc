/**
 * One robust random cut tree (Guha et al. 2016, "Robust Random Cut Forest Based Anomaly Detection
 * on Streams"): points are split by cuts drawn on a dimension chosen in proportion to its range, at
 * a uniform position inside the bounding box. Insertion and deletion keep the tree distributed as
 * if it had been built from scratch on the points it holds, which is what lets a forest follow a
 * stream. Equal points share one leaf with a count (quantised metrics repeat shingles often).
 */

export interface Leaf {
  readonly kind: 'leaf';
  readonly point: Float64Array;
  count: number;
  parent: Branch | undefined;
}

export interface Branch {
  readonly kind: 'branch';
  readonly dim: number;
  /** Points with point[dim] ≤ cut lie on the left. */
  readonly cut: number;
  left: TreeNode;
  right: TreeNode;
  parent: Branch | undefined;
  count: number;
  /** Bounding box of every point below. */
  readonly min: Float64Array;
  readonly max: Float64Array;
}

export type TreeNode = Leaf | Branch;

export interface RandomCutTree {
  root: TreeNode | undefined;
  readonly random: () => number;
}

export function newRandomCutTree(random: () => number): RandomCutTree {
  return { root: undefined, random };
}

const boxMin = (node: TreeNode): Float64Array => (node.kind === 'leaf' ? node.point : node.min);
const boxMax = (node: TreeNode): Float64Array => (node.kind === 'leaf' ? node.point : node.max);

/** Replaces `old` by `next` under old's parent (or at the root). */
function replaceChild(tree: RandomCutTree, old: TreeNode, next: TreeNode): void {
  const parent = old.parent;
  next.parent = parent;
  if (parent === undefined) tree.root = next;
  else if (parent.left === old) parent.left = next;
  else parent.right = next;
}

/**
 * A cut of the box of `node` extended by `point`, or undefined when the point equals the node's
 * only point (a leaf it joins). Returns whether the cut separates the point from the whole box.
 */
function drawCut(
  tree: RandomCutTree,
  node: TreeNode,
  point: Float64Array,
): { dim: number; cut: number; separates: boolean } | undefined {
  const lo = boxMin(node);
  const hi = boxMax(node);
  let total = 0;
  for (let d = 0; d < point.length; d++)
    total += Math.max(hi[d] as number, point[d] as number) - Math.min(lo[d] as number, point[d] as number);
  if (total <= 0) return undefined;
  let r = tree.random() * total;
  let dim = -1;
  for (let d = 0; d < point.length; d++) {
    const span =
      Math.max(hi[d] as number, point[d] as number) - Math.min(lo[d] as number, point[d] as number);
    if (span <= 0) continue;
    dim = d;
    if (r < span) break;
    r -= span; // rounding may leave r past the last range: the cut then lies at its top
  }
  const p = point[dim] as number;
  const boxLo = lo[dim] as number;
  const boxHi = hi[dim] as number;
  const low = Math.min(boxLo, p);
  const cut = low + Math.min(r, Math.max(boxHi, p) - low);
  // Below the box: the point goes left (≤ cut). Above it: the box goes left, so the stored cut
  // must stay under the point; the box's own edge does when rounding put the cut on the point.
  if (p < boxLo && cut < boxLo) return { dim, cut, separates: true };
  if (p > boxHi && cut >= boxHi) return { dim, cut: cut < p ? cut : boxHi, separates: true };
  // A leaf always splits from a different point (here the cut fell on the leaf's own value).
  if (node.kind === 'leaf') return { dim, cut: p, separates: true };
  return { dim, cut, separates: false };
}

/** Adds `point` and returns its leaf (an existing one when an equal point is already held). */
export function insertPoint(tree: RandomCutTree, point: Float64Array): Leaf {
  const fresh: Leaf = { kind: 'leaf', point, count: 1, parent: undefined };
  if (tree.root === undefined) {
    tree.root = fresh;
    return fresh;
  }
  let node: TreeNode = tree.root;
  for (;;) {
    const drawn = drawCut(tree, node, point);
    if (drawn === undefined && node.kind === 'leaf') {
      node.count += 1;
      for (let up = node.parent; up !== undefined; up = up.parent) up.count += 1;
      return node;
    }
    if (drawn === undefined || !drawn.separates) {
      const branch = node as Branch;
      node = (point[branch.dim] as number) <= branch.cut ? branch.left : branch.right;
      continue;
    }
    const pointLeft = (point[drawn.dim] as number) <= drawn.cut;
    const min = Float64Array.from(boxMin(node), (v, d) => Math.min(v, point[d] as number));
    const max = Float64Array.from(boxMax(node), (v, d) => Math.max(v, point[d] as number));
    const split: Branch = {
      kind: 'branch',
      dim: drawn.dim,
      cut: drawn.cut,
      left: pointLeft ? fresh : node,
      right: pointLeft ? node : fresh,
      parent: undefined,
      count: node.count + 1,
      min,
      max,
    };
    replaceChild(tree, node, split);
    fresh.parent = split;
    node.parent = split;
    // Boxes are nested: once an ancestor already holds the point, every one above it does too.
    let growing = true;
    for (let up = split.parent; up !== undefined; up = up.parent) {
      up.count += 1;
      if (growing) growing = extendBox(up, point);
    }
    return fresh;
  }
}

/** Removes one copy of the point held by `leaf`, shrinking the boxes above it. */
export function deleteLeaf(tree: RandomCutTree, leaf: Leaf): void {
  leaf.count -= 1;
  if (leaf.count > 0) {
    for (let up = leaf.parent; up !== undefined; up = up.parent) up.count -= 1;
    return;
  }
  const parent = leaf.parent;
  if (parent === undefined) {
    tree.root = undefined;
    return;
  }
  const sibling = parent.left === leaf ? parent.right : parent.left;
  replaceChild(tree, parent, sibling);
  // Once an ancestor's box is unchanged, the boxes above it are too; counts still fall.
  let shrinking = true;
  for (let up = sibling.parent; up !== undefined; up = up.parent) {
    up.count -= 1;
    if (shrinking) shrinking = refitBox(up);
  }
}

/** Grows `branch`'s box to hold `point`; returns whether it changed. */
function extendBox(branch: Branch, point: Float64Array): boolean {
  let changed = false;
  for (let d = 0; d < point.length; d++) {
    const p = point[d] as number;
    if (p < (branch.min[d] as number)) {
      branch.min[d] = p;
      changed = true;
    }
    if (p > (branch.max[d] as number)) {
      branch.max[d] = p;
      changed = true;
    }
  }
  return changed;
}

/** Sets `branch`'s box to the union of its children's; returns whether it changed. */
function refitBox(branch: Branch): boolean {
  const a = boxMin(branch.left);
  const b = boxMin(branch.right);
  const c = boxMax(branch.left);
  const e = boxMax(branch.right);
  let changed = false;
  for (let d = 0; d < branch.min.length; d++) {
    const lo = Math.min(a[d] as number, b[d] as number);
    const hi = Math.max(c[d] as number, e[d] as number);
    if (lo !== branch.min[d] || hi !== branch.max[d]) changed = true;
    branch.min[d] = lo;
    branch.max[d] = hi;
  }
  return changed;
}

/**
 * Collusive displacement of the point at `leaf`: over every subtree holding it, the largest ratio
 * of the points that would move up if that subtree were removed (its sibling's) to the points
 * removed. An isolated point has a large sibling near the root, so a large CoDisp; a point in a
 * dense cluster only ever displaces a few.
 */
export function coDisplacement(leaf: Leaf): number {
  let best = 0;
  let node: TreeNode = leaf;
  for (let up = leaf.parent; up !== undefined; node = up, up = up.parent) {
    const sibling = up.left === node ? up.right : up.left;
    best = Math.max(best, sibling.count / node.count);
  }
  return best;
}

/** Points held (with repeats). */
export function treeSize(tree: RandomCutTree): number {
  return tree.root?.count ?? 0;
}
