import { createIngestActivities, type IngestDeps } from './ingest';
import { createTrainingActivities, type TrainingDeps } from './training';
import { createCycleActivities, type CycleDeps } from './cycle';
import { createForecastShardActivities, type ForecastShardDeps } from './forecast-shard';
import { createMonitoringActivities } from './monitoring';
import { createReconcileWindowActivities } from './reconcile-window';
import { createRetrainActivities } from './retrain';
import { createBootstrapActivities } from './bootstrap';
import { createAlertActivities, type AlertDeps } from './alerts';
import { createRetentionActivities } from './retention';
import { createAnomalyActivities } from './anomalies';
import { createIncrementalAnomalyActivities } from './anomalies-incremental';
import { createAnomalyMailActivities } from './anomaly-mail';
import { createReplayActivities } from './replay';
import { withKeepAlive } from './keep-alive';

export type ActivityDeps = IngestDeps & TrainingDeps & CycleDeps & AlertDeps & ForecastShardDeps;

/**
 * All activities, built from narrow dependencies. Workers register the result; workflows type
 * their `proxyActivities` from `Activities` (a type-only import, so no I/O code reaches them).
 */
export function createActivities(deps: ActivityDeps) {
  return withKeepAlive({
    ...createIngestActivities(deps),
    ...createTrainingActivities(deps),
    ...createCycleActivities(deps),
    ...createForecastShardActivities(deps),
    ...createMonitoringActivities(deps),
    ...createReconcileWindowActivities(deps),
    ...createRetrainActivities(deps),
    ...createBootstrapActivities(deps),
    ...createAlertActivities(deps),
    ...createRetentionActivities(deps),
    ...createAnomalyActivities(deps),
    ...createIncrementalAnomalyActivities(deps),
    ...createAnomalyMailActivities(deps),
    ...createReplayActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
export type {
  IngestActivities,
  IngestDeps,
  IngestFileInput,
  IngestCloudWatchInput,
  IngestPrometheusInput,
  ListIngestFilesInput,
} from './ingest';
export { storeCleanedSeries, type StoreCounts } from './ingest-store';
export type { ListBootstrapSeriesInput } from './bootstrap';
export type {
  ForecastSeriesInput,
  ForecastSeriesResult,
  GlobalUpdateInput,
  GlobalUpdateResult,
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
  PlanShardsInput,
  ReconcileCycleInput,
  ReconcileCycleResult,
} from './cycle';
export type {
  ForecastShardActivities,
  ForecastShardDeps,
  ForecastShardInput,
  ForecastShardResult,
} from './forecast-shard';
export { ChampionCache, type ChampionCacheStats, type ModelLease } from '../modelling';
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
export type {
  RetentionActivities,
  ApplyRetentionInput,
  TableRetentionResult,
  DroppedPartition,
} from './retention';
export type { AlertActivities, AlertDeps, EvaluateAlertsResult, DeliverAlertsResult } from './alerts';
export type { SeriesRange, RangePlan } from '../db';
export type { ReplayActivities, ReplayDeps, ReplayWindowInput, ReplayWindowResult } from './replay';
export type {
  AnomalyActivities,
  AnomalyDeps,
  DetectAnomaliesInput,
  DetectAnomaliesResult,
} from './anomalies';
export type {
  IncrementalAnomalyActivities,
  ScoreNewPointsInput,
  ScoreNewPointsResult,
} from './anomalies-incremental';
export type { AnomalyMailActivities, DeliverAnomalyMailResult } from './anomaly-mail';
