// The workflows of src/workflows plus a stand-in for the cycle's monitoring step, bundled together
// for the retrain tests: it does what the hourly cycle does after refreshing accuracy.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities, BreachThresholds, SuppressedBreach } from '../../src/activities';
import { startRetrainChild } from '../../src/workflows';

export * from '../../src/workflows';

export interface MonitorInput {
  readonly asOf: number;
  readonly thresholds: BreachThresholds;
  readonly mlTaskQueue: string;
  readonly kinds: readonly ['naive', 'seasonal-naive', 'ets'];
  /** Start requests per breach at once (2: a double request inside one workflow task). */
  readonly attempts?: number;
}

export interface MonitorResult {
  readonly started: string[];
  readonly alreadyRunning: string[];
  readonly suppressed: readonly SuppressedBreach[];
}

const { findBreaches } = proxyActivities<Activities>({ startToCloseTimeout: '1 minute' });

/** Finds breaches and starts one retrain child per breaching series, as the cycle does. */
export async function monitorAndRetrainWorkflow(input: MonitorInput): Promise<MonitorResult> {
  const { breaches, suppressed } = await findBreaches({ asOf: input.asOf, thresholds: input.thresholds });
  const result: MonitorResult = { started: [], alreadyRunning: [], suppressed };
  for (const b of breaches) {
    const request = {
      ...{ seriesId: b.seriesId, granularity: b.granularity, horizon: b.horizon, nominalTime: input.asOf },
      ...{
        trigger: { type: 'threshold', reasons: b.reasons } as const,
        kinds: input.kinds,
        mlTaskQueue: input.mlTaskQueue,
      },
    };
    const attempts = Array.from({ length: input.attempts ?? 1 }, () => startRetrainChild(request));
    for (const outcome of await Promise.all(attempts))
      (outcome.started ? result.started : result.alreadyRunning).push(outcome.workflowId);
  }
  return result;
}
