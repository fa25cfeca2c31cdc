/** The global model: one tfjs network trained across series, with cold start and warm-started updates. */
export { GlobalForecaster, loadGlobalForecaster, type GlobalState } from './global-forecaster';
export { GLOBAL_QUANTILES, globalFeatureSpec, type GlobalFeatureSpec } from './features';
export type { GlobalNetworkShape } from './network';
export type { GlobalTrainingOptions } from './train';
export { syntheticSeries, type SyntheticOptions } from './synthetic';
