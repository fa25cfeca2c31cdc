/** Feature engineering for the forecasting core: pure functions on number arrays. */
export { covariateChannels, covariateNames } from './covariates';
export { lag, rollingMean, rollingStd } from './rolling';
export { cleanSpikes } from './spikes';
export { applyScaler, fitScaler, invertScaler, scalerFromJson, ScalerKind } from './scaler';
export type { ScalerState } from './scaler';
export { defaultTimeEncodings, timeEncodings } from './time-encoding';
export type { Channel, TimeEncodingOptions } from './time-encoding';
export { slidingWindows, windowCount, writeWindow } from './windowing';
export type { WindowSet } from './windowing';
