/**
 * The typed Temporal client of metricast's workflows: start, signal-with-start, query and describe
 * each one by its business id (`ids.ts`), with the conflict policies the ids are designed for.
 * The CLI, the API and the dashboard go through these functions, never through a command module.
 */
import {
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  type Client,
  type WorkflowExecutionDescription,
  type WorkflowHandle,
} from '@temporalio/client';
import {
  backfillWorkflow,
  forceRetrainSignal,
  getBackfillProgressQuery,
  getForecastCycleProgressQuery,
  getIngestProgressQuery,
  getModelManagerStateQuery,
  getReconcileStateQuery,
  ingestRangeWorkflow,
  modelManagerWorkflow,
  type BackfillInput,
  type BackfillProgress,
  type ForceRetrainRequest,
  type ForecastCycleProgress,
  type IngestProgress,
  type IngestRangeInput,
  type ModelManagerInput,
  type ModelManagerState,
  type ReconcileWindowState,
} from '../workflows';
import type { SeriesId } from '../shared';
import {
  backfillWorkflowId,
  ingestWorkflowId,
  MODEL_MANAGER_WORKFLOW_ID,
  reconcileWorkflowId,
  retrainWorkflowId,
} from './ids';

/** Where metricast's workflows and their ML activities run (config `temporal`). */
export interface TaskQueues {
  readonly taskQueue: string;
  readonly mlTaskQueue: string;
}

/** A repeated request attaches to the running workflow; a finished one may run again. */
const ATTACH = {
  workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
} as const;

/** Starts (or attaches to) the ingestion of a file, folder or time range. */
export function startIngest(
  client: Client,
  input: IngestRangeInput,
  taskQueue: string,
): Promise<WorkflowHandle<typeof ingestRangeWorkflow>> {
  const workflowId = ingestWorkflowId(input);
  return client.workflow.start(ingestRangeWorkflow, { taskQueue, workflowId, args: [input], ...ATTACH });
}

/** Starts (or attaches to) the backfill of a range. */
export function startBackfill(
  client: Client,
  input: BackfillInput,
  taskQueue: string,
): Promise<WorkflowHandle<typeof backfillWorkflow>> {
  const workflowId = backfillWorkflowId(input);
  return client.workflow.start(backfillWorkflow, { taskQueue, workflowId, args: [input], ...ATTACH });
}

/** What a force-retrain request reached: the manager's id and the run that took the signal. */
export interface ForceRetrainSent {
  readonly workflowId: string;
  readonly runId: string;
}

/**
 * Delivers a request to the model manager with signal-with-start: the manager is started if it is
 * not running, and signalled either way, so repeated requests reach the one `model-manager` workflow.
 */
export async function signalForceRetrain(
  client: Client,
  request: ForceRetrainRequest,
  queues: TaskQueues,
): Promise<ForceRetrainSent> {
  const input: ModelManagerInput = { mlTaskQueue: queues.mlTaskQueue };
  const handle = await client.workflow.signalWithStart(modelManagerWorkflow, {
    workflowId: MODEL_MANAGER_WORKFLOW_ID,
    taskQueue: queues.taskQueue,
    args: [input],
    signal: forceRetrainSignal,
    signalArgs: [request],
  });
  return { workflowId: handle.workflowId, runId: handle.signaledRunId };
}

/** The model manager's pending and recent retrains. */
export function queryModelManager(client: Client): Promise<ModelManagerState> {
  return client.workflow.getHandle(MODEL_MANAGER_WORKFLOW_ID).query(getModelManagerStateQuery);
}

/** Progress of an ingestion, a backfill or a forecast cycle, by workflow id. */
export function queryIngestProgress(client: Client, workflowId: string): Promise<IngestProgress> {
  return client.workflow.getHandle(workflowId).query(getIngestProgressQuery);
}
export function queryBackfillProgress(client: Client, workflowId: string): Promise<BackfillProgress> {
  return client.workflow.getHandle(workflowId).query(getBackfillProgressQuery);
}
export function queryCycleProgress(client: Client, workflowId: string): Promise<ForecastCycleProgress> {
  return client.workflow.getHandle(workflowId).query(getForecastCycleProgressQuery);
}

/** The reconcile follower of one cycle hour. */
export function queryReconcileState(client: Client, issuedAt: number): Promise<ReconcileWindowState> {
  return client.workflow.getHandle(reconcileWorkflowId(issuedAt)).query(getReconcileStateQuery);
}

/** Describes any workflow by id (status, times, memo). */
export function describeWorkflow(client: Client, workflowId: string): Promise<WorkflowExecutionDescription> {
  return client.workflow.getHandle(workflowId).describe();
}

/** The newest retrain of a series. */
export function describeRetrain(client: Client, seriesId: SeriesId): Promise<WorkflowExecutionDescription> {
  return describeWorkflow(client, retrainWorkflowId(seriesId));
}

/** The model manager. */
export function describeModelManager(client: Client): Promise<WorkflowExecutionDescription> {
  return describeWorkflow(client, MODEL_MANAGER_WORKFLOW_ID);
}

/** The ids of the newest `max` backfills Temporal knows (running or closed), newest first. */
export async function listBackfillIds(client: Client, max: number): Promise<string[]> {
  const ids: string[] = [];
  for await (const run of client.workflow.list({
    query: 'WorkflowType = "backfillWorkflow"',
    pageSize: 100,
  })) {
    ids.push(run.workflowId);
    if (ids.length >= max) break;
  }
  return ids;
}
