/**
 * A tree's sample of the stream: a fixed number of points kept by weighted reservoir sampling with
 * time decay, as AWS's Random Cut Forest does. Point t draws the weight log(−log u) − λ·t (u
 * uniform) and the sample keeps the smallest weights: without decay this is a uniform sample of
 * everything seen; with λ > 0 recent points are favoured, so the forest forgets an old regime at a
 * rate of about λ per point instead of remembering it for ever.
 */

export interface SampleEntry<T> {
  readonly weight: number;
  readonly item: T;
}

export interface DecaySampler<T> {
  readonly capacity: number;
  readonly decay: number;
  /** A max-heap on weight: the first entry is the next to leave. */
  readonly heap: SampleEntry<T>[];
}

export function newDecaySampler<T>(capacity: number, decay: number): DecaySampler<T> {
  return { capacity, decay, heap: [] };
}

/** The weight point `sequence` draws (smaller stays longer). */
export function sampleWeight(sequence: number, decay: number, random: () => number): number {
  const u = Math.min(Math.max(random(), 1e-300), 1 - 1e-16);
  return Math.log(-Math.log(u)) - decay * sequence;
}

/** Whether a point of this weight enters the sample (a full sample admits only lighter points). */
export function admits<T>(sampler: DecaySampler<T>, weight: number): boolean {
  const top = sampler.heap[0];
  return sampler.heap.length < sampler.capacity || (top !== undefined && weight < top.weight);
}

/**
 * Adds an admitted point; returns the item it pushes out of a full sample, if any. Call only after
 * `admits` returned true for the same weight.
 */
export function addToSample<T>(sampler: DecaySampler<T>, weight: number, item: T): T | undefined {
  const { heap } = sampler;
  if (heap.length < sampler.capacity) {
    heap.push({ weight, item });
    siftUp(heap, heap.length - 1);
    return undefined;
  }
  const evicted = heap[0]?.item;
  heap[0] = { weight, item };
  siftDown(heap, 0);
  return evicted;
}

function siftUp<T>(heap: SampleEntry<T>[], start: number): void {
  let i = start;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((heap[parent] as SampleEntry<T>).weight >= (heap[i] as SampleEntry<T>).weight) return;
    swap(heap, i, parent);
    i = parent;
  }
}

function siftDown<T>(heap: SampleEntry<T>[], start: number): void {
  let i = start;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let largest = i;
    if (
      left < heap.length &&
      (heap[left] as SampleEntry<T>).weight > (heap[largest] as SampleEntry<T>).weight
    )
      largest = left;
    if (
      right < heap.length &&
      (heap[right] as SampleEntry<T>).weight > (heap[largest] as SampleEntry<T>).weight
    )
      largest = right;
    if (largest === i) return;
    swap(heap, i, largest);
    i = largest;
  }
}

function swap<T>(heap: SampleEntry<T>[], a: number, b: number): void {
  const tmp = heap[a] as SampleEntry<T>;
  heap[a] = heap[b] as SampleEntry<T>;
  heap[b] = tmp;
}
