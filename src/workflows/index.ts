// Every workflow the workers register. Deterministic code only: activities are imported as types.
export { ingestRangeWorkflow, getIngestProgressQuery, planWindows } from './ingest-range';
export type { IngestRangeInput, IngestProgress, IngestChunk } from './ingest-range';
export { forecastCycleWorkflow, getForecastCycleProgressQuery } from './forecast-cycle';
export {
  planShards,
  shardWorkflowId,
  anomalyPages,
  SHARD_RANGES_PATCH,
  MAX_SHARDS_PER_GRANULARITY,
  ANOMALY_PAGE_SERIES,
} from './cycle-plan';
export type { PlannedShard, AnomalyScope } from './cycle-plan';
export type {
  ForecastCycleInput,
  ForecastCycleSummary,
  ForecastCycleProgress,
  ForecastCycleStage,
} from './forecast-cycle';
export { ALERTS_PATCH } from './cycle-alerts';
export type { CycleAlertsSummary } from './cycle-alerts';
export { GLOBAL_MODEL_PATCH } from './cycle-global-model';
export type { GlobalModelOutcome, GlobalModelSummary } from './cycle-global-model';
export { forecastShardWorkflow } from './forecast-shard';
export type { ForecastShardWorkflowInput } from './forecast-shard';
export { isoHour, truncateToHour } from './nominal-time';
export { backfillWorkflow, getBackfillProgressQuery, backfillCycleId } from './backfill';
export type { BackfillInput, BackfillProgress } from './backfill';
export { reconcileWindowWorkflow, getReconcileStateQuery, reconcileWorkflowId } from './reconcile-window';
export type { ReconcileWindowWorkflowInput, ReconcileWindowState } from './reconcile-window';
export {
  retrainWorkflow,
  retrainWorkflowId,
  explain as explainRetrain,
  MetricastSeries,
  MetricastKind,
  DEFAULT_RETRAIN_KINDS,
  DEFAULT_TRAINING_DAYS,
} from './retrain';
export type { RetrainInput, RetrainResult } from './retrain';
export { startRetrainChild, RETRAIN_EXECUTION_TIMEOUT_MS } from './retrain-child';
export type { StartRetrainOutcome } from './retrain-child';
export {
  modelManagerWorkflow,
  forceRetrainSignal,
  getModelManagerStateQuery,
  MODEL_MANAGER_WORKFLOW_ID,
} from './model-manager';
export type { ModelManagerInput } from './model-manager';
export type {
  ModelManagerState,
  ForceRetrainRequest,
  LastRetrain,
  ManagerCarry,
} from './model-manager-state';
export { bootstrapChampions, type BootstrapSummary } from './backfill-bootstrap';
export { retentionWorkflow } from './retention';
export type { RetentionInput, RetentionSummary } from './retention';
