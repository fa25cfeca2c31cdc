/**
 * The cycle's global-model step: each granularity's ONE global model is kept fresh here, once a
 * cycle, on the ML queue (`updateGlobalModel`: left alone while its data is under a day old, else a
 * warm-started update, or a full refit on schedule or breach). Cold starts in the first-champions
 * step that follows serve the version stored here. A failure is reported, never fails the cycle:
 * the previous version keeps serving.
 */
import { isCancellation, patched } from '@temporalio/workflow';
import type { GlobalUpdateResult } from '../activities';
import type { Granularity } from '../shared';
import { proxyActivity } from './activity-proxy';

/** Cycles recorded before the step replay without it. */
export const GLOBAL_MODEL_PATCH = 'metricast-global-model-v1';

/** What one granularity's update did, or its error. */
export type GlobalModelOutcome =
  Pick<GlobalUpdateResult, 'status' | 'reason' | 'version' | 'refit'> | { readonly error: string };

/** Per granularity, what the update did. */
export type GlobalModelSummary = Partial<Record<Granularity, GlobalModelOutcome>>;

/** Updates each granularity's global model in turn; undefined in cycles recorded before the step. */
export async function globalModelStep(
  hour: number,
  granularities: readonly Granularity[],
  mlTaskQueue: string,
): Promise<GlobalModelSummary | undefined> {
  if (!patched(GLOBAL_MODEL_PATCH)) return undefined;
  const updateGlobalModel = proxyActivity('updateGlobalModel', mlTaskQueue);
  const summary: GlobalModelSummary = {};
  for (const granularity of granularities) {
    try {
      const r = await updateGlobalModel({ granularity, asOf: hour });
      summary[granularity] = {
        ...{ status: r.status, reason: r.reason },
        ...(r.version !== undefined && { version: r.version }),
        ...(r.refit !== undefined && { refit: r.refit }),
      };
    } catch (error) {
      if (isCancellation(error)) throw error;
      summary[granularity] = { error: (error as Error).message };
    }
  }
  return summary;
}
