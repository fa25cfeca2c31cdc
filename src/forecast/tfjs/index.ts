/** tfjs forecasters (LSTM, TCN, dense) behind the `Forecaster` door, their loader and building blocks. */
export { conformalFromResiduals, conformalQuantile } from './conformal';
export type { ConformalQuantiles } from './conformal';
export { DenseForecaster, buildDense } from './dense';
export { defaultSeasonPeriod, resolveHyperparameters } from './hyperparameters';
export type { TfjsHyperparameters, TfjsKind } from './hyperparameters';
export { loadForecaster } from './load';
export { LstmForecaster, buildLstm } from './lstm';
export { createForecaster, isTfjsKind, tfjsForecasters } from './registry';
export { TcnForecaster, buildTcn } from './tcn';
export { TfjsForecaster } from './tfjs-forecaster';
export type { TfjsForecasterOptions } from './tfjs-forecaster';
