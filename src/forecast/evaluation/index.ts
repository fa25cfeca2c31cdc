/**
 * Evaluation of forecasters: metrics, rolling-origin backtests, split-conformal intervals, model
 * selection, ensembles and hyperparameter search. Everything reads only the data it is given and
 * keeps the evaluation segment out of every choice.
 */
export * from './metrics';
export { backtest, type BacktestOptions } from './backtest';
export { residualsPerStep, summarizeFolds, summarizeWithScale } from './folds';
export { floorWhenNonNegative } from './non-negative';
export type { BacktestFold, BacktestResult, BacktestTiming, Coverage } from './folds';
export {
  ConformalForecaster,
  applyConformal,
  bandFold,
  conformalHalfWidth,
  residualQuantiles,
  symmetricInterval,
  withConformal,
  type ConformalQuantiles,
} from './conformal';
export { EnsembleForecaster, ensembleArtifact, loadEnsemble, type EnsembleState } from './ensemble';
export {
  evaluateEnsemble,
  evaluateModel,
  evaluateWithPlan,
  type EvaluateOptions,
  type ModelEvaluation,
  type NamedEvaluation,
} from './evaluate';
export {
  EnsembleMethod,
  combineFolds,
  combinePoints,
  median,
  planEnsemble,
  rankByMase,
  rankByValidation,
  selectBest,
  validationScores,
  type Candidate,
  type EnsemblePlan,
  type ValidationScore,
} from './select';
export {
  candidates,
  searchHyperparameters,
  type ParamSet,
  type ParamValue,
  type SearchOptions,
  type SearchResult,
  type SearchSpace,
  type Trial,
} from './search';
export {
  evalStartOf,
  headOf,
  sliceCovariates,
  sliceSeries,
  splitSeries,
  type SeriesSplit,
  type SplitOptions,
} from './split';
export {
  COLD_START_PLAN,
  COMBINATION,
  SERVING_DEFAULTS,
  combineMemberFolds,
  combineWeighted,
  decideServing,
  recentMae,
  servingPlan,
  shrunkWeights,
  type CandidateScore,
  type CombinationMethod,
  type ServingCandidate,
  type ServingDecision,
  type ServingOptions,
} from './serving';
export {
  ADAPTIVE_LEVELS,
  adaptiveHalfWidths,
  createAdaptiveConformal,
  updateAdaptiveConformal,
  type AdaptiveConformalOptions,
  type AdaptiveConformalState,
  type AdaptiveStep,
} from './adaptive-conformal';
export { replayAdaptive, type AdaptiveReplay } from './adaptive-replay';
export {
  TIME_OF_DAY_DEFAULTS,
  hourOfDay,
  hourOfDayFactors,
  timeOfDayScaling,
  type TimeOfDayOptions,
} from './time-of-day';
export { scoresPerStep, type FoldFactors } from './fold-factors';
export {
  VOLATILITY_DEFAULTS,
  pointsPerDay,
  recentVolatility,
  volatilityFloor,
  volatilityScaling,
  type VolatilityOptions,
} from './volatility';
export {
  ModelFailureError,
  describeError,
  evaluateCandidate,
  guardForecaster,
  type CandidateOutcome,
} from './guard';
