/**
 * The forecasting core's public surface. Pure library: nothing here knows of Temporal, MariaDB or
 * configuration. Create any model with `createForecaster(kind)`, restore one with
 * `loadForecaster(artifact)`, evaluate with `evaluateModel` and calibrate with `withConformal`.
 */
export * from './types';
export {
  ForecastInputError,
  assertCovariates,
  assertFiniteValues,
  assertMinLength,
  assertPositiveInteger,
  assertSeries,
  isConstant,
} from './validate';
export {
  initBackend,
  modelLibraryVersions,
  type BackendInfo,
  type BackendLogger,
  type BackendName,
  type InitBackendOptions,
} from './backend';
export * from './baselines';
export * from './evaluation';
export {
  NEURAL_KINDS,
  SINGLE_MODEL_KINDS,
  createForecaster,
  historyPoints,
  isSingleModelKind,
  loadForecaster,
  type SingleModelKind,
} from './evaluation/models';
// The tfjs module's own createForecaster/loadForecaster/conformal helpers are covered by the
// catalogue and evaluation exports above; its model classes and builders are public as they are.
export {
  DenseForecaster,
  LstmForecaster,
  TcnForecaster,
  TfjsForecaster,
  buildDense,
  buildLstm,
  buildTcn,
  isTfjsKind,
  resolveHyperparameters,
  tfjsForecasters,
  type TfjsForecasterOptions,
  type TfjsHyperparameters,
  type TfjsKind,
} from './tfjs';
export * as features from './features';
export * from './global';
