/**
 * Adaptive conformal intervals in production (the core's `updateAdaptiveConformal`, the rule the
 * accuracy bench applies to the served model): each version's half-widths per model step start from
 * its calibration residuals moved through its evaluation backtest's errors when it is registered, move with every reconciled error of the forecasts
 * it issued as champion, and replace the intervals of the forecasts it issues next. Steps are the
 * model's forecast indices: index 0 is the step under way at the issue time, issued step s is index s
 * (the history ends just before the issue time); a record's `horizon_step` updates index s.
 */
import type { IntervalWidths, ReconciledError } from '../db';
import {
  adaptiveHalfWidths,
  createAdaptiveConformal,
  floorWhenNonNegative,
  replayAdaptive,
  symmetricInterval,
  updateAdaptiveConformal,
  type AdaptiveConformalState,
  type BacktestFold,
  type Forecast,
  type SeriesData,
} from '../forecast';
import type { ModelVersionId, SeriesId } from '../shared';
import type { ModelStore } from './store';

/** Scores a step needs before its adapted half-width replaces the model's own (19 for a 95% rank). */
export const MIN_SCORES = 19;
/** How far back the update looks for reconciled records: the reconciliation's lookback. */
export const INTERVAL_LOOKBACK_MS = 7 * 86_400_000;
/** Versions per page of the update. */
const VERSIONS_PER_PAGE = 500;

/**
 * Current widths, null where a step has no error of its own yet or its widths rest on fewer than
 * `MIN_SCORES` scores (its own and, while it has few, its neighbouring steps': the core pools them).
 */
function widthsOf(state: AdaptiveConformalState): IntervalWidths {
  const { q80, q95, support } = adaptiveHalfWidths(state);
  const usable = (q: readonly number[]) =>
    q.map((w, k) => {
      const own = state.steps[k]?.scores.length ?? 0;
      return own > 0 && (support[k] ?? 0) >= MIN_SCORES && Number.isFinite(w) ? w : null;
    });
  return { q80: usable(q80), q95: usable(q95) };
}

/**
 * Stores a newly registered version's state: seeded from its calibration residuals (one list per
 * model step), then moved through its evaluation backtest's errors in the order their targets were
 * observed (the core's `replayAdaptive`, the rule `bench:accuracy` scores the served intervals by),
 * so the version serves from its newest errors, not from the older calibration segment alone.
 */
export async function seedIntervals(
  store: ModelStore,
  versionId: ModelVersionId,
  seriesId: SeriesId,
  backtests: {
    readonly calibrationResiduals: readonly (readonly number[])[];
    readonly evaluationFolds?: readonly BacktestFold[];
  },
): Promise<void> {
  const state = replayAdaptive(backtests.evaluationFolds ?? [], backtests.calibrationResiduals).state;
  await store.seedIntervalState({ versionId, seriesId, state: JSON.stringify(state), ...widthsOf(state) });
}

/** What the version issues from `forecast` ({@link servedForecast}), its widths read from the store. */
export async function adaptIntervals(
  store: ModelStore,
  versionId: ModelVersionId,
  forecast: Forecast,
  history: SeriesData,
): Promise<Forecast> {
  return servedForecast(forecast, await store.readIntervalWidths(versionId), history);
}

/**
 * What a version issues: its forecast with the adapted half-widths where it has them, floored at
 * zero when the series has never gone negative (the core's `floorWhenNonNegative`, which the
 * backtests that calibrate the widths apply too).
 */
export function servedForecast(
  forecast: Forecast,
  widths: IntervalWidths | undefined,
  history: SeriesData,
): Forecast {
  return floorWhenNonNegative(withIntervalWidths(forecast, widths), history);
}

/** The forecast with these adapted half-widths where they are set; the model's own bands elsewhere. */
function withIntervalWidths(forecast: Forecast, widths: IntervalWidths | undefined): Forecast {
  if (widths === undefined) return forecast;
  const pick = (q: IntervalWidths['q80'], own: Forecast['intervals']['p80']) => {
    const adapted = symmetricInterval(
      forecast.point,
      forecast.point.map((_, k) => q[k] ?? NaN),
    );
    const keep = (k: number) => q[k] === null || q[k] === undefined;
    return {
      lower: forecast.point.map((_, k) => (keep(k) ? own.lower[k] : adapted.lower[k]) ?? NaN),
      upper: forecast.point.map((_, k) => (keep(k) ? own.upper[k] : adapted.upper[k]) ?? NaN),
    };
  };
  const { p80, p95 } = forecast.intervals;
  return { ...forecast, intervals: { p80: pick(widths.q80, p80), p95: pick(widths.q95, p95) } };
}

/** What one update did. */
export interface IntervalUpdate {
  readonly versions: number;
  readonly errors: number;
}

/**
 * Applies every champion record reconciled since each version's state, up to `asOf`, in the order
 * they were reconciled, and writes the states in one upsert per page. A repeat finds nothing newer.
 * A version without state (registered before 012) starts from its reconciled errors alone. A
 * revised actual reconciles its record again: keyed by its target time, it replaces the record's
 * earlier score and takes back the misses that score counted (the core's `updateAdaptiveConformal`),
 * so each record counts once, with its newest truth.
 */
export async function updateIntervals(
  store: ModelStore,
  input: { readonly asOf: number; readonly heartbeat?: (done: IntervalUpdate) => Promise<void> },
): Promise<IntervalUpdate> {
  let done: IntervalUpdate = { versions: 0, errors: 0 };
  let afterVersionId = 0;
  for (;;) {
    const errors = await store.reconciledErrors({
      asOf: input.asOf,
      lookbackMs: INTERVAL_LOOKBACK_MS,
      afterVersionId,
      versions: VERSIONS_PER_PAGE,
    });
    if (errors.length === 0) return done;
    const byVersion = groupByVersion(errors);
    const stored = await store.readIntervalStates([...byVersion.keys()]);
    const rows = [...byVersion].map(([versionId, list]) => {
      const seriesId = (list[0] as (typeof list)[number]).seriesId;
      const steps = Math.max(...list.map((e) => e.horizonStep)) + 1;
      const before = stored.get(versionId);
      let state = before
        ? (JSON.parse(before.state) as AdaptiveConformalState)
        : createAdaptiveConformal(Array.from({ length: steps }, () => []));
      for (const e of list)
        state = updateAdaptiveConformal(state, {
          ...{ step: e.horizonStep, residual: e.absError },
          key: e.targetAt,
        });
      return { versionId, seriesId, state: JSON.stringify(state), ...widthsOf(state) };
    });
    await store.writeIntervalStates(rows, input.asOf);
    done = { versions: done.versions + rows.length, errors: done.errors + errors.length };
    await input.heartbeat?.(done);
    afterVersionId = Math.max(...byVersion.keys());
  }
}

/** Errors per version, in the order given (the store's: oldest reconciliation first). */
function groupByVersion(errors: readonly ReconciledError[]): Map<ModelVersionId, ReconciledError[]> {
  const groups = new Map<ModelVersionId, ReconciledError[]>();
  for (const e of errors) {
    const list = groups.get(e.versionId);
    if (list === undefined) groups.set(e.versionId, [e]);
    else list.push(e);
  }
  return groups;
}
