/**
 * Horizon steps and the issue time. A forecast issued at time T reads history before T; the interval
 * starting at T is already under way, so it never targets T itself: every stored target lies after it.
 */

/**
 * Steps a model forecasts before the first issued one. History ends with the last closed interval,
 * before the issue time; the next interval (starting at the issue time) is already under way when a
 * forecast is issued, so no stored forecast targets it: a model of an issued horizon H forecasts H + 1
 * steps and the first is dropped.
 */
export const LEAD_STEPS = 1;
/** The steps a model is fitted to forecast for an issued horizon (see {@link LEAD_STEPS}). */
export function modelHorizon(issuedHorizon: number): number {
  return issuedHorizon + LEAD_STEPS;
}

/**
 * Where each of a model's forecast steps lands in an issued forecast: its index in the model's
 * output and its horizon step, counted from the issue time (step 1 targets `issuedAt + stepMs`).
 * Only steps 1..`horizon` are issued: the interval starting at the issue time is already under way
 * (models forecast one lead step more than they issue, see `LEAD_STEPS`), and history that ends a
 * step or two early (a source that lags) would make its first steps target times already past;
 * those are dropped, never stored as forecasts.
 */
export function issuedSteps(
  times: readonly number[],
  issuedAt: number,
  stepMs: number,
  horizon: number,
): Array<{ readonly index: number; readonly step: number }> {
  return times.flatMap((t, index) => {
    const step = Math.round((t - issuedAt) / stepMs);
    return t > issuedAt && step >= 1 && step <= horizon ? [{ index, step }] : [];
  });
}
