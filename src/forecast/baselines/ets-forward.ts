/**
 * Forecasting from a stored ETS fit without refitting: the state saved at the end of the fitting
 * window is carried over the steps the history no longer holds (the forecast recursion, as for
 * missing observations) and updated with the new observations it does hold. A level shift among
 * those (several one-step errors in a row far beyond the fitted σ, all of one sign) means the stored
 * parameters no longer describe the series: the caller then refits on the window.
 */
import { autoEts, fitEts, type EtsFit } from './ets-fit';
import { etsFilter, etsMean, etsSkip, type EtsSpec, type EtsState } from './ets-model';

/** What an own-engine ETS version stores: the fit and the time of its last observation. */
export interface StoredEts {
  readonly fit: EtsFit;
  /** Epoch ms of the last fitted observation. */
  readonly end: number;
}

/** One-step errors beyond this many fitted σ count towards a level shift. */
export const SHIFT_SIGMAS = 4;
/** Consecutive same-sign errors beyond {@link SHIFT_SIGMAS} that make a level shift. */
export const SHIFT_RUN = 3;

/** Fits on `window` (ending at `end`) for storage; `period` lets seasonal members compete (`autoEts`). */
export function storeEts(window: readonly number[], end: number, period?: number): StoredEts {
  return { fit: autoEts(window, period), end };
}

/** The state after the last point of `window` (ending at `end`), from the stored fit. */
export function forwardState(
  stored: StoredEts,
  window: readonly number[],
  end: number,
  stepMs: number,
): { state: EtsState; errors: number[] } {
  const { spec, parameters } = stored.fit;
  const offset = (end - stored.end) / stepMs;
  if (!Number.isInteger(offset) || offset < 0) {
    // A history that does not continue the fitted one: the stored parameters over all of it.
    return { state: etsFilter(spec, parameters, stored.fit.initial, window).state, errors: [] };
  }
  const fresh = Math.min(offset, window.length);
  const start = etsSkip(spec, parameters, stored.fit.final, offset - fresh);
  const run = etsFilter(spec, parameters, start, window.slice(window.length - fresh));
  return { state: run.state, errors: run.errors };
}

/** Whether `errors` hold a run of {@link SHIFT_RUN} same-sign errors beyond {@link SHIFT_SIGMAS}·σ. */
export function levelShift(errors: readonly number[], sigma2: number): boolean {
  const limit = SHIFT_SIGMAS * Math.sqrt(sigma2);
  let run = 0;
  let sign = 0;
  for (const e of errors) {
    const s = Math.abs(e) > limit ? Math.sign(e) : 0;
    run = s !== 0 && s === sign ? run + 1 : s !== 0 ? 1 : 0;
    sign = s;
    if (run >= SHIFT_RUN) return true;
  }
  return false;
}

/**
 * `horizon` steps after `window` (ending at `end`) from the stored fit, or undefined when the
 * level-shift guard fires on the new observations (the caller refits).
 */
export function forwardEts(
  stored: StoredEts,
  window: readonly number[],
  end: number,
  stepMs: number,
  horizon: number,
): number[] | undefined {
  const { state, errors } = forwardState(stored, window, end, stepMs);
  if (levelShift(errors, stored.fit.sigma2)) return undefined;
  return etsMean(stored.fit.spec, stored.fit.parameters, state, horizon);
}

/** `horizon` steps after the end of `y` from a fresh AICc-selected fit (seasonal members with `period`). */
export function refitEts(y: readonly number[], horizon: number, period?: number): number[] {
  const fit = autoEts(y, period);
  return etsMean(fit.spec, fit.parameters, fit.final, horizon);
}

/** `horizon` steps after the end of `y` from the stored member `spec` with its parameters re-estimated on `y` (no model selection). */
export function reestimateEts(y: readonly number[], spec: EtsSpec, horizon: number): number[] {
  const fit = fitEts(y, spec) ?? autoEts(y);
  return etsMean(fit.spec, fit.parameters, fit.final, horizon);
}
