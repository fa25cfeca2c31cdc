/**
 * Anomaly detection, a pure library (no Temporal, no MariaDB, no config): per-point scores from
 * several detectors, sparse detections with a refractory period, a vote, leave-one-series-out
 * calibration, and the window and NAB scores the benchmark reports.
 */
export * from './types';
export { rollingSigmaScores, type SigmaOptions } from './sigma';
export { bandScore, oneStepBandScores, oneStepForecasts, type BandMethod, type BandOptions } from './band';
export { changepointScores, type ChangepointOptions } from './changepoint';
export { outlierScores, type OutlierOptions } from './outlier';
export { toDetections, indicator, type EventOptions } from './events';
export {
  bestSetting,
  detect,
  folderNab,
  leaveOneOut,
  outcomesOf,
  refractoryPoints,
  settingsOf,
  sumCounts,
  type DetectRule,
  type Grid,
  type LabelledScores,
  type Outcome,
  type Setting,
} from './calibrate';
export * from './scoring/windows';
export * from './scoring/nab';
export { voteScores } from './vote';
export { extremeScores, type ExtremeOptions } from './extreme';
export * from './settings';
export { scoreAll, type DetectorScores, type ScoredDetector } from './score-all';
export { normalTail, type ErrorStream } from './error-stream';
export { FORECASTS, type ForecastName, type PredictorState } from './predictors';
export {
  likelihoodScores,
  likelihoodStep,
  initialLikelihoodState,
  SPATIAL_SCORE,
  type LikelihoodOptions,
  type LikelihoodState,
} from './likelihood';
export {
  newOnlineState,
  restoreOnlineState,
  scoreNewPoints,
  storeOnlineState,
  type OnlineDetection,
  type OnlinePoint,
  type OnlineState,
} from './online';
export { decodeOnlineState, encodeOnlineState } from './online-codec';
export {
  LSTM_CLASSIFIER,
  dayFeatures,
  lstmClassifierScores,
  trainLstmClassifier,
  type LstmClassifierOptions,
  type LstmTrainingSeries,
} from './lstm-classifier';
