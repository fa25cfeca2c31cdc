/**
 * Statistical baselines behind the `Forecaster` interface: naive, seasonal naive and median, the
 * recent median, AutoETS, MSTL, ARIMA, Prophet and the Theta family. Pure library code: wasm and arithmetic only.
 */
import { ModelKind, type ModelArtifact, type ModelMetadata } from '../types';
import type { BaselineForecaster, BaselineSettings } from './base';
import { ArimaForecaster, type ArimaOrder } from './arima';
import { EtsForecaster } from './ets';
import type { StoredEts } from './ets-forward';
import { MstlForecaster } from './mstl';
import type { StoredMstl } from './mstl-model';
import { NaiveForecaster, SeasonalNaiveForecaster } from './naive';
import { SeasonalMedianForecaster } from './seasonal-median';
import { RecentMedianForecaster } from './recent-median';
import { ProphetForecaster, type ProphetTrainingWindow } from './prophet';
import { ThetaForecaster, type ThetaParameters } from './theta';
import { SarimaForecaster } from './sarima';
import type { SarimaFit } from './sarima-model';

export { BaselineForecaster, type BaselineSettings, type FittingMode, type Hyperparameters } from './base';
export { SPIKE_CLEANED_KINDS } from './spike-cleaning';
export { buildForecast, defaultSeasonPeriod, seriesEnd } from './forecast-shape';
export { ArimaForecaster, arimaForecast, type ArimaOrder } from './arima';
export { EtsForecaster, etsSeasonOf } from './ets';
export { MstlForecaster } from './mstl';
export { NaiveForecaster, SeasonalNaiveForecaster, seasonalNaive } from './naive';
export { SeasonalMedianForecaster, seasonalMedian } from './seasonal-median';
export { RecentMedianForecaster, recentMedian } from './recent-median';
export { ProphetForecaster, type ProphetTrainingWindow } from './prophet';
export { ThetaForecaster, type ThetaParameters } from './theta';
export { SarimaForecaster } from './sarima';
export { forecastSarima, fitSarima, type SarimaFit, type SarimaOrder } from './sarima-model';
export { autoSarima, kpssStatistic, ndiffs, nsdiffs } from './sarima-search';
export {
  THETA_VARIANTS,
  fitTheta,
  forecastTheta,
  isSeasonal,
  seasonalIndices,
  thetaForecast,
} from './theta-model';
export type { ThetaFit, ThetaVariant } from './theta-model';
export { nelderMead, type NelderMeadOptions } from './nelder-mead';
export { loadEts, loadMstl, loadProphet, statisticalLibraryVersions, type ProphetRuntime } from './wasm';

/** Kinds implemented here. */
export const BASELINE_KINDS = [
  ModelKind.naive,
  ModelKind.seasonalNaive,
  ModelKind.seasonalMedian,
  ModelKind.recentMedian,
  ModelKind.recentMedianLong,
  ModelKind.ets,
  ModelKind.mstl,
  ModelKind.arima,
  ModelKind.sarima,
  ModelKind.prophet,
  ModelKind.theta,
] as const;
/** A kind implemented here. */
export type BaselineKind = (typeof BASELINE_KINDS)[number];

/** Whether `kind` is a statistical baseline. */
export function isBaselineKind(kind: string): kind is BaselineKind {
  return (BASELINE_KINDS as readonly string[]).includes(kind);
}

/** A new, unfitted baseline of `kind`. */
export function createBaseline(kind: BaselineKind, settings?: BaselineSettings): BaselineForecaster {
  switch (kind) {
    case ModelKind.naive:
      return new NaiveForecaster(settings);
    case ModelKind.seasonalNaive:
      return new SeasonalNaiveForecaster(settings);
    case ModelKind.seasonalMedian:
      return new SeasonalMedianForecaster(settings);
    case ModelKind.recentMedian:
      return new RecentMedianForecaster(settings);
    case ModelKind.recentMedianLong:
      return new RecentMedianForecaster(settings, true);
    case ModelKind.ets:
      return new EtsForecaster(settings);
    case ModelKind.mstl:
      return new MstlForecaster(settings);
    case ModelKind.arima:
      return new ArimaForecaster(settings);
    case ModelKind.sarima:
      return new SarimaForecaster(settings);
    case ModelKind.prophet:
      return new ProphetForecaster(settings);
    case ModelKind.theta:
      return new ThetaForecaster(settings);
  }
}

interface StoredState {
  readonly seed?: number;
  readonly order?: ArimaOrder;
  readonly training?: ProphetTrainingWindow;
  readonly theta?: ThetaParameters;
  readonly sarima?: SarimaFit;
  readonly ets?: StoredEts;
  readonly mstl?: StoredMstl;
}

/**
 * Rebuilds a serialized baseline. Stateless and refit-on-predict models need only their settings;
 * Prophet refits on its stored training window, so predictions match the original exactly.
 */
export async function loadBaseline(artifact: ModelArtifact): Promise<BaselineForecaster> {
  const { metadata } = artifact;
  if (!isBaselineKind(metadata.kind)) throw new Error(`loadBaseline cannot load a ${metadata.kind} model`);
  const state = (artifact.state ?? {}) as StoredState;
  const settings = settingsOf(metadata, state);
  if (metadata.kind === ModelKind.arima) return new ArimaForecaster(settings, state.order);
  if (metadata.kind === ModelKind.theta) return new ThetaForecaster(settings, state.theta);
  if (metadata.kind === ModelKind.sarima) return new SarimaForecaster(settings, state.sarima);
  if (metadata.kind === ModelKind.ets) return new EtsForecaster(settings, state.ets);
  if (metadata.kind === ModelKind.mstl) return new MstlForecaster(settings, state.mstl);
  const model = createBaseline(metadata.kind, settings);
  if (model instanceof ProphetForecaster && state.training !== undefined) await model.restore(state.training);
  return model;
}

/** The newest points a stored baseline's `predict` reads (`BaselineForecaster.historyPoints`). */
export function baselineHistoryPoints(metadata: ModelMetadata): number {
  if (!isBaselineKind(metadata.kind)) throw new Error(`baselineHistoryPoints got a ${metadata.kind} model`);
  return createBaseline(metadata.kind, settingsOf(metadata, {})).historyPoints();
}

/** A stored baseline's settings, as `fit` fixed them. */
function settingsOf(metadata: ModelMetadata, state: StoredState): BaselineSettings {
  return {
    horizon: metadata.horizon,
    stepMs: metadata.stepMs,
    seasonPeriod: metadata.seasonPeriod,
    window: metadata.window ?? metadata.seasonPeriod,
    seed: state.seed ?? 0,
    hyperparameters: metadata.hyperparameters,
    trainedAt: metadata.trainedAt,
    fallbackReason: metadata.fallback?.reason,
  };
}
export {
  etsFilter,
  etsMean,
  etsName,
  etsSkip,
  etsStep,
  isSeasonal as isSeasonalEts,
  type EtsError,
  type EtsFilterResult,
  type EtsSeason,
  type EtsParameters,
  type EtsSpec,
  type EtsState,
  type EtsTrend,
} from './ets-model';
export { etsVariance } from './ets-variance';
export { initialLevel, initialSeason } from './ets-initial';
export { ETS_SPECS, MAX_ETS_SEASON, autoEts, etsSpecs, fitEts, type EtsFit } from './ets-fit';
export {
  SHIFT_RUN,
  SHIFT_SIGMAS,
  forwardEts,
  forwardState,
  reestimateEts,
  refitEts,
  levelShift,
  storeEts,
  type StoredEts,
} from './ets-forward';
export { Engine, engineOf } from './engine';
export {
  fitMstl,
  forwardMstl,
  mstlSeasonal,
  refitMstl,
  type MstlUpdate,
  type StoredMstl,
} from './mstl-model';
export { loessAt, stl, type StlDecomposition, type StlOptions } from './stl';
