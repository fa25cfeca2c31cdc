import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { ParentClosePolicy, startChild, type ChildWorkflowHandle } from '@temporalio/workflow';
import { MetricastSeries, retrainWorkflow, retrainWorkflowId, type RetrainInput } from './retrain';

/**
 * A retrain that has not ended after this long has failed (timed out); it also bounds how long a
 * 'running' decision blocks monitoring (`STALE_RUNNING_MS` in src/activities/monitoring.ts).
 */
export const RETRAIN_EXECUTION_TIMEOUT_MS = 6 * 3_600_000;

/** Whether the child started, or a retrain of the series was already running. */
export type StartRetrainOutcome =
  | {
      readonly started: true;
      readonly workflowId: string;
      readonly handle: ChildWorkflowHandle<typeof retrainWorkflow>;
    }
  | { readonly started: false; readonly workflowId: string; readonly why: 'already-running' };

/**
 * Starts `retrainWorkflow` as a child with the business id `retrain/<seriesId>`. Temporal refuses a
 * second running workflow with that id, whoever started the first (the cycle, another cycle, the
 * model manager): that refusal is the "already running" answer, so a series is never retrained
 * twice at once. A finished id may start again (monitoring's cooldown decides when). The child is
 * abandoned when its parent closes, so the hourly cycle need not wait for training, and the model
 * manager can continue-as-new without killing it.
 */
export async function startRetrainChild(input: RetrainInput): Promise<StartRetrainOutcome> {
  const workflowId = retrainWorkflowId(input.seriesId);
  try {
    const handle = await startChild(retrainWorkflow, {
      workflowId,
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      workflowExecutionTimeout: RETRAIN_EXECUTION_TIMEOUT_MS,
      typedSearchAttributes: [{ key: MetricastSeries, value: String(input.seriesId) }],
    });
    return { started: true, workflowId, handle };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError)
      return { started: false, workflowId, why: 'already-running' };
    throw error;
  }
}
