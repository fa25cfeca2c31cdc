// The typed Temporal client of metricast, as a library: what the CLI commands, the API and the
// dashboard use. Command modules (`commands/`) are the CLI's own; nothing else imports them.
export { connectClient, workflowUiUrl } from './temporal-client';
export * from './ids';
export {
  describeModelManager,
  describeRetrain,
  describeWorkflow,
  listBackfillIds,
  queryBackfillProgress,
  queryCycleProgress,
  queryIngestProgress,
  queryModelManager,
  queryReconcileState,
  signalForceRetrain,
  startBackfill,
  startIngest,
  type ForceRetrainSent,
  type TaskQueues,
} from './workflows';
export {
  RetrainRequestError,
  TRAINABLE_KINDS,
  toRetrainRequest,
  type RetrainRequestFields,
} from './retrain-request';
export { ensureSchedule, scheduleUiUrl, type EnsureScheduleOptions } from './forecast-schedule';
export { ensureRetentionSchedule, type EnsureRetentionScheduleOptions } from './retention-schedule';
export { upsertSchedule, type ScheduleSettings, type UpsertScheduleResult } from './upsert-schedule';
