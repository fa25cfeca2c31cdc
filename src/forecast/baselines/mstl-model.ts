/**
 * MSTL with one season, as augurs' `MSTL.ets` computes it: STL, our AutoETS on the seasonally
 * adjusted series, the last season of the seasonal component carried forward. A stored fit keeps
 * that season's profile and the ETS fit; a later forecast subtracts the profile by phase from the
 * window (no decomposition, no model selection) and then, by `update`:
 * - `reestimate` (default): re-estimates the stored ETS member's parameters on the adjusted window
 *   (one Nelder–Mead run, about a millisecond at hourly steps);
 * - `filter`: runs the stored ETS filter forward over the new observations only, refitting when the
 *   level-shift guard fires. Cheaper still, but on the bundled hourly data its day-old smoothing
 *   state cost accuracy (docs/scale.md), where ETS alone gained from the same forward.
 */
import { forwardEts, reestimateEts, refitEts, storeEts, type StoredEts } from './ets-forward';
import { stl } from './stl';

/** How a stored MSTL meets a new window: see the module comment. */
export type MstlUpdate = 'reestimate' | 'filter';

/** What an own-engine MSTL version stores. */
export interface StoredMstl {
  readonly period: number;
  /** The last season of the seasonal component; its last value belongs to the fit's last observation. */
  readonly profile: number[];
  /** ETS fitted on the seasonally adjusted window. */
  readonly ets: StoredEts;
}

/**
 * MSTL's seasonal component of `y`. With one season each of MSTL's passes adds the previous
 * estimate back before decomposing, which gives `y` again: one STL is the same result.
 */
export function mstlSeasonal(y: readonly number[], period: number): number[] {
  return stl(y, period).seasonal;
}

/** Decomposes `window` (ending at `end`) and fits ETS on its adjusted values, for storage. */
export function fitMstl(window: readonly number[], period: number, end: number): StoredMstl {
  const seasonal = mstlSeasonal(window, period);
  const adjusted = window.map((v, t) => v - (seasonal[t] ?? 0));
  return { period, profile: seasonal.slice(-period), ets: storeEts(adjusted, end) };
}

/** The profile's value at `offset` steps after the fit's last observation (negative: before it). */
function seasonAt(stored: StoredMstl, offset: number): number {
  const { period, profile } = stored;
  return profile[(((offset + period - 1) % period) + period) % period] ?? 0;
}

/**
 * `horizon` steps after `window` (ending at `end`) from the stored fit; undefined when the history
 * is off the fitted time grid or (`filter`) the ETS level-shift guard fires (the caller refits).
 */
export function forwardMstl(
  stored: StoredMstl,
  window: readonly number[],
  end: number,
  stepMs: number,
  horizon: number,
  update: MstlUpdate = 'reestimate',
): number[] | undefined {
  const last = (end - stored.ets.end) / stepMs;
  if (!Number.isInteger(last)) return undefined;
  const first = last - window.length + 1;
  const adjusted = window.map((v, i) => v - seasonAt(stored, first + i));
  const trend =
    update === 'filter'
      ? forwardEts(stored.ets, adjusted, end, stepMs, horizon)
      : reestimateEts(adjusted, stored.ets.fit.spec, horizon);
  return trend?.map((v, k) => v + seasonAt(stored, last + k + 1));
}

/** `horizon` steps after the end of `y` from a fresh decomposition and ETS fit. */
export function refitMstl(y: readonly number[], period: number, horizon: number): number[] {
  const seasonal = mstlSeasonal(y, period);
  const trend = refitEts(
    y.map((v, t) => v - (seasonal[t] ?? 0)),
    horizon,
  );
  const tail = seasonal.slice(-period);
  return trend.map((v, k) => v + (tail[k % period] ?? 0));
}
