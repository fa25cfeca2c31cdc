import { createIngestActivities, type IngestDeps } from './ingest';
import { createTrainingActivities, type TrainingDeps } from './training';
import { createCycleActivities, type CycleDeps } from './cycle';
import { createForecastShardActivities } from './forecast-shard';
import { createMonitoringActivities } from './monitoring';
import { createReconcileWindowActivities } from './reconcile-window';
import { createRetrainActivities } from './retrain';
import { createBootstrapActivities } from './bootstrap';

export type ActivityDeps = IngestDeps & TrainingDeps & CycleDeps;

/**
 * All activities, built from narrow dependencies. Workers register the result; workflows type
 * their `proxyActivities` from `Activities` (a type-only import, so no I/O code reaches them).
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createIngestActivities(deps),
    ...createTrainingActivities(deps),
    ...createCycleActivities(deps),
    ...createForecastShardActivities(deps),
    ...createMonitoringActivities(deps),
    ...createReconcileWindowActivities(deps),
    ...createRetrainActivities(deps),
    ...createBootstrapActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type {
  IngestActivities,
  IngestDeps,
  IngestFileInput,
  IngestCloudWatchInput,
  ListIngestFilesInput,
} from './ingest';
export { storeCleanedSeries, type StoreCounts } from './ingest-store';
export type { ListBootstrapSeriesInput } from './bootstrap';
export type {
  ForecastSeriesInput,
  ForecastSeriesResult,
  TrainSearchInput,
  TrainSeriesInput,
  TrainSummary,
  TrainingActivities,
  TrainingDeps,
} from './training';
export type {
  AsOfInput,
  CycleActivities,
  CycleDeps,
  ListActiveSeriesInput,
  ReconcileCycleInput,
  ReconcileCycleResult,
} from './cycle';
export type { ForecastShardActivities, ForecastShardInput, ForecastShardResult } from './forecast-shard';
export type {
  MonitoringActivities,
  FindBreachesInput,
  FindBreachesResult,
  Breach,
  SuppressedBreach,
  BreachReason,
  BreachThresholds,
  BreachMetric,
} from './monitoring';
export type {
  ReconcileWindowActivities,
  ReconcileWindowInput,
  ReconcileWindowResult,
  WindowCounts,
  MissingRecord,
} from './reconcile-window';
export type {
  RetrainActivities,
  RetrainTrigger,
  RetrainTarget,
  RetrainTargetFilter,
  BeginRetrainInput,
  BeginRetrainResult,
  FinishRetrainInput,
} from './retrain';
