export { createDb, inTransaction, toDbTime, fromDbTime, type Db, type DbSettings } from './pool';
export {
  migrate,
  readMigrations,
  MigrationError,
  MIGRATIONS_DIR,
  type Migration,
  type MigrateResult,
} from './migrate';
export {
  upsertSeries,
  listSeries,
  naturalKeyOf,
  displayNameOf,
  type SeriesIdentity,
  type SeriesRow,
  type SeriesFilter,
} from './series-repo';
export {
  planSeriesRanges,
  resolveSeriesRange,
  rangesFromBoundaries,
  rangeSize,
  type SeriesRange,
  type RangePlan,
} from './series-ranges';
export { loadArtifacts, readChampions, readIntervalWidthsOf, readRecentObservations } from './shard-reads';
export {
  upsertObservations,
  readObservations,
  countByGranularity,
  type ObservationRow,
  type StoredObservation,
  type GranularityCounts,
} from './observations-repo';
export {
  recordRun,
  recordRuns,
  finishRun,
  RunStatus,
  TrainingRunError,
  type RunMetrics,
  type RunOutcome,
  type TrainingRunInput,
  type TrainingRun,
} from './runs-repo';
export { RegistryError, type ModelKey } from './registry-common';
export {
  registerVersion,
  loadArtifact,
  getVersion,
  listVersions,
  type ModelVersion,
  type RegisterVersionInput,
} from './registry-repo';
export { setAlias, getAlias, loadByAlias, promote, rollback, type AliasMoveOptions } from './aliases-repo';
export {
  listAliasHistory,
  ModelAlias,
  AliasAction,
  type AliasMove,
  type AliasHistoryEntry,
} from './alias-history';
export {
  upsertForecasts,
  listForecasts,
  latestForecast,
  ForecastRole,
  ReconcileStatus,
  type ForecastRow,
  type ForecastRecord,
  type ForecastFilter,
} from './forecasts-repo';
export { reconcileMatured, type ReconcileInput, type ReconcileResult } from './reconcile-repo';
export {
  refreshAccuracy,
  refreshAccuracyOn,
  listAccuracy,
  AccuracyWindow,
  ACCURACY_WINDOW_MS,
  type AccuracyRow,
  type AccuracyFilter,
  type RefreshAccuracyInput,
} from './accuracy-repo';
export {
  startDecision,
  finishDecision,
  DecisionStatus,
  DecisionReason,
  DecisionError,
  type DecisionKey,
  type DecisionStart,
  type DecisionOutcome,
  type RetrainDecision,
} from './decisions-repo';
export {
  reconcileWindow,
  windowCounts,
  MAX_LISTED_MISSING,
  type ReconcileWindowInput,
  type ReconcileWindowResult,
  type WindowCounts,
  type MissingRecord,
} from './reconcile-window-repo';
export { listUnchampionedSeries, type UnchampionedFilter } from './bootstrap-repo';
export {
  applyTableRetention,
  listPartitions,
  RetentionError,
  type TableRetentionInput,
  type TableRetentionResult,
  type DroppedPartition,
} from './retention-repo';
export {
  PartitionedTable,
  PARTITION_COLUMN,
  MAX_PARTITION,
  partitionName,
  dayStart,
  periodStart,
  periodsToAdd,
  expiredPartitions,
  retentionCutoff,
  type Partition,
} from './retention-plan';
export {
  createApiToken,
  findApiToken,
  listApiTokens,
  revokeApiToken,
  hashApiToken,
  ApiScope,
  API_SCOPE_RANK,
  ApiTokenError,
  type ApiToken,
} from './api-tokens-repo';
export {
  ensureExternalVersion,
  storeExternalForecasts,
  EXTERNAL,
  type ExternalForecastRow,
} from './api-external-repo';
export { upsertLimit, listLimits, getLimit, deleteLimit } from './alert-limits-repo';
export {
  listAlerts,
  latestEpisodes,
  applyAlertChanges,
  type Alert,
  type AlertFilter,
  type AppliedAlerts,
} from './alerts-repo';
export { alertSeries, forecastsIssuedAt, newestActuals } from './alert-inputs';
export {
  claimNotifications,
  pendingMails,
  markMailSent,
  markMailFailed,
  outboxCounts,
  withDeliveryLock,
  type OutboxEntry,
  type PendingMail,
  type OutboxCounts,
} from './alert-outbox';
export {
  upsertAnomalies,
  listAnomalies,
  type AnomalyRow,
  type AnomalyFilter,
  type StoredAnomaly,
} from './anomalies-repo';
export {
  readAnomalyStates,
  writeAnomalyStates,
  readObservationsOf,
  type AnomalyStateRow,
} from './anomaly-state-repo';
export {
  anomalyMailOf,
  markAnomaliesMailed,
  setAnomalyMail,
  unmailedAnomalies,
  type UnmailedAnomaly,
} from './anomaly-mail-repo';
export {
  readDemoReplay,
  startDemoReplay,
  resetDemoData,
  listSeriesNaturalKeys,
  type DemoReplay,
} from './demo-replay-repo';
export { createModelStore } from './model-store';
// Read models: queries (and the dashboard tables) shaped for one consumer.
export * from './read-models';
export {
  readIntervalStates,
  readIntervalWidths,
  reconciledErrors,
  seedIntervalState,
  writeIntervalStates,
  type IntervalStateRow,
  type IntervalWidths,
  type ReconciledError,
  type ReconciledErrorsInput,
} from './interval-state-repo';
export {
  listColdSeries,
  peerSeriesIds,
  type ColdSeriesFilter,
  type PeerSeriesInput,
} from './cold-start-query';
export { hostSiblingIds, readHostSeries, type HostSeries } from './host-series-query';
export {
  asGlobalVersionId,
  getGlobalVersion,
  latestGlobalVersion,
  loadGlobalArtifact,
  registerGlobalVersion,
  type GlobalModelKey,
  type GlobalModelVersion,
  type GlobalRefit,
  type GlobalVersionId,
  type RegisterGlobalVersionInput,
} from './global-models-repo';
export {
  getGlobalRun,
  recordGlobalRun,
  type GlobalRun,
  type GlobalRunInput,
  type GlobalRunOutcome,
} from './global-runs-repo';
