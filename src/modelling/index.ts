/**
 * The model life cycle as a library: training plans, history windows, search, training per kind,
 * the champion decision, issuing forecasts, the champion cache and breach rules. Storage comes in
 * through `ModelStore` (implemented by `src/db`'s `createModelStore`), progress goes out through a
 * `Heartbeat`; nothing here imports Temporal, MariaDB, AWS or mail (lint keeps it so).
 */
export type { Heartbeat, Modelling, ModelStore } from './store';
export {
  checkThresholds,
  breachesOf,
  BreachThresholdError,
  DEFAULT_MIN_SAMPLES,
  type BreachMetric,
  type BreachReason,
  type BreachThresholds,
} from './breach-rules';
export {
  adaptIntervals,
  seedIntervals,
  updateIntervals,
  INTERVAL_LOOKBACK_MS,
  MIN_SCORES,
  type IntervalUpdate,
} from './adaptive-intervals';
export { ChampionCache, type ChampionCacheStats, type ModelLease } from './champion-cache';
export { coldStartSeries, type ColdStartInput, type ColdStartResult } from './cold-start';
export {
  globalRunId,
  updateGlobalModel,
  type GlobalUpdateInput,
  type GlobalUpdateResult,
} from './global-model';
export {
  BREACH_RATIO,
  breachReason,
  FULL_REFIT_EVERY_MS,
  planRefit,
  UPDATE_EVERY_MS,
  type RefitPlan,
} from './global-refit';
export { decideChampion, type ChampionDecision, type ServedCandidate, type TrainedKind } from './champion';
export { MEMBER_VERSIONS, type Served } from './combination-version';
export { chooseServed } from './serve';
export { isStale, newestPointAt, staleMessage, STALE_AFTER_MS } from './freshness';
export { bridgedHistory, MAX_BRIDGED_GAP_MS, type BridgedHistory } from './gap-bridge';
export {
  DEFAULT_LOOKBACK_MS,
  lookbackMs,
  readRecentHistory,
  readRecentHistoryIfAny,
  readTrainingSeries,
} from './history';
export {
  checkTrainInput,
  DEFAULT_HORIZON,
  horizonOf,
  invalid,
  type ForecastSeriesInput,
  type ForecastSeriesResult,
  type Hyperparameters,
  type SelectedModel,
  type TrainSearchInput,
  type TrainSeriesInput,
  type TrainSummary,
} from './inputs';
export { forecastRows, issueForecast, loadModel, type Issue, type LoadedModel } from './issue';
export { forecastSeries, NoModelError } from './forecast-series';
export {
  evaluateOptionsFor,
  fineDefaults,
  REFITTED_DAILY,
  libraryVersions,
  minTrainingPoints,
  planFor,
  type TrainingPlan,
} from './plan';
export { foldMetrics, overallMetrics, trialMetrics } from './run-metrics';
export {
  countOutcome,
  EMPTY_SHARD_RESULT,
  type ForecastShardResult,
  type SeriesOutcome,
  type ShardJob,
} from './shard';
export { forecastFromBatch, readShardBatch, type ShardBatch, type ShardReads } from './shard-batch';
export { trainSeries } from './train-series';
export {
  alignCovariate,
  alignCovariates,
  COVARIATE_MAX_AGE_MS,
  type AlignedCovariates,
  type CovariatePoints,
} from './covariate-alignment';
export {
  chooseCovariateTwin,
  pairedT,
  TWIN_MAX_MASE_RATIO,
  TWIN_MIN_T,
  type CovariateChoice,
} from './covariate-choice';
export { leadStrength, MIN_LEAD_CORRELATION, screenCovariates } from './covariate-screen';
export {
  covariateName,
  covariateSeriesId,
  leadingCovariates,
  MAX_COVARIATES,
  TWIN_SUFFIX,
  type TwinSummary,
} from './covariate-twin';
export { covariateInput, covariateNamesOf, covariateSeriesOf, plainTwinOf } from './covariate-serving';
