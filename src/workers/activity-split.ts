import type { Activities } from '../activities';

/**
 * Activities that burn CPU (training, batched inference) run on the ML task queue with a
 * concurrency near the core count; everything else is I/O and runs on the I/O queue. One list,
 * so adding an activity elsewhere never needs a change here unless it is CPU-heavy.
 */
export const ML_ACTIVITY_NAMES: ReadonlySet<string> = new Set([
  'trainSeries',
  'coldStartSeries',
  'forecastSeries',
  'forecastShard',
  // Runs every detector (augurs wasm) over each active series: CPU-bound.
  'detectAnomalies',
]);

type ActivityMap = Record<string, (...args: never[]) => unknown>;

/** Splits the full activity set into what each task queue's worker registers. */
export function splitActivities(all: Activities): { io: ActivityMap; ml: ActivityMap } {
  const io: ActivityMap = {};
  const ml: ActivityMap = {};
  for (const [name, fn] of Object.entries(all as unknown as ActivityMap)) {
    (ML_ACTIVITY_NAMES.has(name) ? ml : io)[name] = fn;
  }
  return { io, ml };
}
