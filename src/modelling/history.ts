/**
 * Reading a series' history from MariaDB as the regular `SeriesData` models take. Gaps longer than
 * ingestion fills survive in storage; models need a regular grid, so gaps of up to six hours are
 * bridged (`gap-bridge.ts`). A longer outage starts a forecast's history after it; training takes the
 * newest stretch between such outages that is long enough.
 */
import { ForecastInputError, type SeriesData } from '../forecast';
import type { SeriesId, TimeRange } from '../shared';
import { bridgedHistory, MAX_BRIDGED_GAP_MS, type BridgedHistory } from './gap-bridge';
import { minTrainingPoints, type TrainingPlan } from './plan';
import type { Modelling } from './store';

const DAY_MS = 86_400_000;
/** History read for a forecast when the model names no longer window: two weeks. */
export const DEFAULT_LOOKBACK_MS = 14 * DAY_MS;

const iso = (t: number): string => new Date(t).toISOString();

/**
 * The training history of a series in `window`: its newest stretch without a gap longer than
 * {@link MAX_BRIDGED_GAP_MS} that is long enough to split into train, calibration and evaluation
 * segments (shorter gaps bridged). An outage a few days ago thus leaves the series the stretch before
 * it rather than no champion until enough points have come in since; forecasts carry a stored fit
 * over the outage as over any time it has not seen. Refused (non-retryable) when no stretch is long enough.
 */
export async function readTrainingSeries(
  m: Modelling,
  seriesId: SeriesId,
  window: TimeRange,
  plan: TrainingPlan,
): Promise<SeriesData> {
  const rows = await m.store.readObservations(seriesId, window);
  const required = minTrainingPoints(plan);
  const newest = bridgedHistory(rows, plan.stepMs);
  let stretch = newest;
  let before = rows;
  while (stretch !== undefined && stretch.values.length < required) {
    // The rows before this stretch: all but the ones it holds (its bridged slots are not rows).
    before = before.slice(0, before.length - (stretch.values.length - stretch.bridged));
    stretch = bridgedHistory(before, plan.stepMs);
  }
  if (stretch !== undefined) return stretch;
  const count = newest?.values.length ?? 0;
  const span =
    newest === undefined ? 'no observations' : `${count} from ${iso(newest.start)} (the newest stretch)`;
  const why = `${plan.seasonPeriod}-step seasons and ${plan.horizon}-step forecasts, split 60/20/20 into train, calibration and evaluation`;
  throw new ForecastInputError(
    'input.window',
    count,
    `input.window [${iso(window.from)}, ${iso(window.to)}) must hold at least ${required} ` +
      `${plan.granularity} points without a gap longer than ${MAX_BRIDGED_GAP_MS / 3_600_000} hours of series ${seriesId} (${why}), got ${span}`,
  );
}

/**
 * The newest history strictly before `issuedAt`, short gaps bridged: at least two of the model's
 * windows, and {@link DEFAULT_LOOKBACK_MS} for models that read all they are given (statistical
 * refits); undefined when the series has no observation in that lookback (its feed has stopped).
 */
export async function readRecentHistoryIfAny(
  m: Modelling,
  seriesId: SeriesId,
  stepMs: number,
  issuedAt: number,
  window = 0,
): Promise<BridgedHistory | undefined> {
  const rows = await m.store.readObservations(seriesId, {
    from: issuedAt - lookbackMs(stepMs, window),
    to: issuedAt,
  });
  return bridgedHistory(rows, stepMs);
}

/** How far back a forecast reads: at least two of the model's windows, else {@link DEFAULT_LOOKBACK_MS}. */
export function lookbackMs(stepMs: number, window: number): number {
  return Math.max(DEFAULT_LOOKBACK_MS, 2 * window * stepMs);
}

/** As {@link readRecentHistoryIfAny}, refused (non-retryable) when there is no history. */
export async function readRecentHistory(
  m: Modelling,
  seriesId: SeriesId,
  stepMs: number,
  issuedAt: number,
  window = 0,
): Promise<BridgedHistory> {
  const series = await readRecentHistoryIfAny(m, seriesId, stepMs, issuedAt, window);
  if (series === undefined) {
    const days = lookbackMs(stepMs, window) / DAY_MS;
    throw new ForecastInputError(
      'input.issuedAt',
      issuedAt,
      `input.issuedAt must follow observations of series ${seriesId} within ${days} days, got ${iso(issuedAt)} (none found)`,
    );
  }
  return series;
}
