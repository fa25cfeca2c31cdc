import type { Activities } from '../activities';
import { ML_ACTIVITIES } from '../activities/catalogue';

type ActivityMap = Record<string, (...args: never[]) => unknown>;

/**
 * Splits the full activity set into what each task queue's worker registers, by the activity
 * catalogue's `queue`: activities that burn CPU (training, batched inference) run on the ML task
 * queue with a concurrency near the core count; everything else is I/O.
 */
export function splitActivities(all: Activities): { io: ActivityMap; ml: ActivityMap } {
  const io: ActivityMap = {};
  const ml: ActivityMap = {};
  for (const [name, fn] of Object.entries(all as unknown as ActivityMap)) {
    (ML_ACTIVITIES.has(name) ? ml : io)[name] = fn;
  }
  return { io, ml };
}
