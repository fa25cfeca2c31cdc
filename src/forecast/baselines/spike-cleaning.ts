/**
 * Which baselines read a spike-cleaned window (`cleanSpikes` hyperparameter, off unless set): the
 * models that fit and filter their history (ETS, Theta, SARIMA, ARIMA, MSTL). Naive models copy
 * points by design and Prophet has its own robust fit, so they always read the raw window.
 */
import { cleanSpikes } from '../features/spikes';
import { ModelKind } from '../types';
import type { BaselineSettings } from './base';

/** Kinds that honour the `cleanSpikes` hyperparameter. */
export const SPIKE_CLEANED_KINDS: ReadonlySet<ModelKind> = new Set([
  ModelKind.ets,
  ModelKind.theta,
  ModelKind.sarima,
  ModelKind.arima,
  ModelKind.mstl,
]);

/** The window a model fits on or forecasts from: cleaned when its kind and settings ask for it. */
export function modelWindow(
  kind: ModelKind,
  window: readonly number[],
  settings: BaselineSettings,
): readonly number[] {
  if (settings.hyperparameters['cleanSpikes'] !== true || !SPIKE_CLEANED_KINDS.has(kind)) return window;
  return cleanSpikes(window);
}
