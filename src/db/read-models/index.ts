// Read models: queries shaped for one consumer (the HTTP API, the dashboard, `metricast status`,
// monitoring, the Prometheus exposition, the model store's run lookups), apart from the
// repositories of their table families. They read through the same pool; `dashboard-repo` also
// refreshes the flat dashboard tables a BI tool reads.
export { getRun, listRuns, bestTrial, type ErrorMetric, type ListRunsOptions } from './runs-query';
export {
  refreshDashboard,
  listDashboardForecasts,
  listDashboardStatus,
  SeriesStatus,
  type RefreshDashboardInput,
  type DashboardForecastRow,
  type DashboardStatusRow,
} from './dashboard-repo';
export { getDecision, listDecisions, latestDecisions, type DecisionFilter } from './decisions-query';
export {
  championAccuracy,
  newestObservations,
  type ChampionAccuracy,
  type ChampionAccuracyInput,
} from './monitoring-repo';
export { countPipeline, type PipelineCounts } from './status-repo';
export {
  listSeriesWithStatus,
  getSeriesWithStatus,
  type SeriesWithStatus,
  type SeriesStatusFilter,
} from './api-series-query';
export {
  seriesPredictions,
  type PredictedSeries,
  type PredictionRole,
  type PredictionIssue,
  type PredictionStep,
  type PredictionFilter,
} from './api-predictions-query';
export {
  accuracyOverTime,
  pooledAggregates,
  versionLabels,
  newestReconciledClose,
  type AccuracyScores,
  type AccuracyBucket,
  type VersionAccuracy,
  type VersionLabel,
  type AccuracyOverTimeInput,
} from './api-accuracy-query';
export {
  listSeriesVersions,
  listSeriesAliasHistory,
  listSeriesChampions,
  type SeriesVersion,
  type SeriesAliasMove,
} from './api-registry-query';
export {
  countOpenAlerts,
  listReconciledActuals,
  newestObservationAt,
  countSeriesAnomalies,
  unlessTableMissing,
} from './dashboard-query';
export {
  listCurrentForecasts,
  listExposedSeries,
  listServedForecasts,
  type ExposedForecast,
  type ExposedSeries,
} from './exposition-query';
export {
  listChampionAccuracy,
  listNewestAnomalies,
  listOpenAlertsOf,
  type ExposedAccuracy,
  type ExposedAlert,
  type ExposedAnomaly,
} from './exposition-events';
