/**
 * Shaping a baseline's point forecast into a `Forecast`: target times, uncalibrated default
 * intervals and the sanity check that rejects exploded fits.
 */
import type { Forecast, SeriesData } from '../types';
import { symmetricInterval } from '../evaluation/conformal';

const DAY_MS = 86_400_000;
const Z80 = 1.2815515655446004;
const Z95 = 1.959963984540054;

/** Epoch ms of the last observation. */
export function seriesEnd(series: SeriesData): number {
  return series.start + (series.values.length - 1) * series.stepMs;
}

/**
 * One day in steps for sub-daily data (24 hourly, 288 at 5 minutes), a week for daily data, else 1
 * (the same rule as the tfjs models' default).
 */
export function defaultSeasonPeriod(stepMs: number): number {
  if (stepMs < DAY_MS) return Math.max(1, Math.round(DAY_MS / stepMs));
  return stepMs < 7 * DAY_MS ? 7 : 1;
}

/** An exploded fit (forecast far outside anything the window has seen) is not a forecast. */
export function plausible(point: readonly number[], window: readonly number[]): boolean {
  const min = Math.min(...window);
  const max = Math.max(...window);
  const slack = 10 * (max - min);
  return point.every((p) => p >= min - slack && p <= max + slack);
}

/**
 * A forecast with uncalibrated random-walk intervals (`z · σ₁ · √k`, σ₁ the RMS of one-step
 * differences in the window): a placeholder until `withConformal` supplies calibrated ones.
 */
export function buildForecast(
  history: SeriesData,
  point: readonly number[],
  window: readonly number[],
): Forecast {
  const end = seriesEnd(history);
  let sumSquares = 0;
  for (let i = 1; i < window.length; i++) sumSquares += ((window[i] ?? 0) - (window[i - 1] ?? 0)) ** 2;
  const sigma = Math.sqrt(sumSquares / Math.max(1, window.length - 1));
  const widths = (z: number): number[] => point.map((_, k) => z * sigma * Math.sqrt(k + 1));
  return {
    times: point.map((_, k) => end + (k + 1) * history.stepMs),
    point: [...point],
    intervals: { p80: symmetricInterval(point, widths(Z80)), p95: symmetricInterval(point, widths(Z95)) },
  };
}
