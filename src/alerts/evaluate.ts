import type { SeriesId } from '../shared';
import { alertKeyString, type AlertKey } from './alert-key';
import { actualCrossing, forecastCrossing, limitApplies } from './crossing';
import { decideAlert, type AlertDecision, type AlertEpisode } from './decide';
import { alertMessage, leadMinutes } from './message';
import type { ActualPoint, AlertLimit, AlertSource, Crossing, ForecastStep } from './types';

/** A series as the evaluation sees it. */
export interface EvaluatedSeries {
  readonly id: SeriesId;
  readonly name: string;
  readonly metric: string;
}

/** Everything one cycle's evaluation reads, already loaded. */
export interface EvaluationInput {
  /** The cycle's nominal time, epoch ms. */
  readonly asOf: number;
  /** Enabled limits. */
  readonly limits: readonly AlertLimit[];
  readonly series: readonly EvaluatedSeries[];
  /** The champion forecast issued at `asOf`, per series; a series without one is not judged on forecasts. */
  readonly forecasts: ReadonlyMap<SeriesId, readonly ForecastStep[]>;
  /** The newest recent observation per series; a series without one is not judged on actuals. */
  readonly actuals: ReadonlyMap<SeriesId, ActualPoint>;
  /** The newest alert per key (`alertKeyString`). */
  readonly latest: ReadonlyMap<string, AlertEpisode>;
}

/** A change to store: the decision plus what the alert row records. */
export interface PlannedChange {
  readonly key: AlertKey;
  readonly decision: Exclude<AlertDecision, { type: 'none' }>;
  /** The limit's threshold; null when resolving an alert whose limit is gone. */
  readonly threshold: number | null;
  /** What crossed (open and refresh); a resolve keeps the alert's message. */
  readonly message: string;
  readonly leadMinutes: number | null;
}

/** What the evaluation decided, with counts of what it left alone. */
export interface EvaluationPlan {
  readonly changes: PlannedChange[];
  readonly checked: number;
  readonly inCooldown: number;
}

function judge(
  input: EvaluationInput,
  limit: AlertLimit,
  s: EvaluatedSeries,
  source: AlertSource,
  crossing: Crossing | null,
): PlannedChange | 'cooldown' | null {
  const key: AlertKey = { seriesId: s.id, limitId: limit.id, source };
  const decision = decideAlert({
    asOf: input.asOf,
    crossing,
    latest: input.latest.get(alertKeyString(key)) ?? null,
    cooldownMinutes: limit.cooldownMinutes,
  });
  if (decision.type === 'none') return decision.reason === 'cooldown' ? 'cooldown' : null;
  const seen = decision.type === 'resolve' ? null : decision.crossing;
  return {
    key,
    decision,
    threshold: limit.threshold,
    message: seen ? alertMessage(s.name, limit, source, seen, input.asOf) : `${s.name}: clear`,
    leadMinutes: seen && source === 'forecast' ? leadMinutes(seen.at, input.asOf) : null,
  };
}

/**
 * Decides, for every (series, limit, source) a limit applies to, whether to open, refresh or
 * resolve an alert at this cycle. Forecasts are judged on the limit's basis over the whole horizon;
 * actuals (when the limit asks) on the newest observation. Pure: the caller loads and stores.
 */
export function planAlerts(input: EvaluationInput): EvaluationPlan {
  const changes: PlannedChange[] = [];
  let checked = 0;
  let inCooldown = 0;
  for (const limit of input.limits) {
    for (const s of input.series) {
      if (!limitApplies(limit, s)) continue;
      const steps = input.forecasts.get(s.id);
      const actual = input.actuals.get(s.id);
      const judged = [
        steps ? judge(input, limit, s, 'forecast', forecastCrossing(limit, steps, input.asOf)) : null,
        limit.alsoActuals && actual ? judge(input, limit, s, 'actual', actualCrossing(limit, actual)) : null,
      ];
      checked += (steps ? 1 : 0) + (limit.alsoActuals && actual ? 1 : 0);
      for (const j of judged) {
        if (j === 'cooldown') inCooldown++;
        else if (j) changes.push(j);
      }
    }
  }
  changes.push(...resolveOrphans(input));
  return { changes, checked, inCooldown };
}

/**
 * Open alerts no limit stands behind any more: the limit was deleted or disabled, stopped checking
 * actuals, or no longer applies to the series. They are resolved rather than left open for ever.
 */
function resolveOrphans(input: EvaluationInput): PlannedChange[] {
  const limits = new Map(input.limits.map((l) => [l.id, l]));
  const series = new Map(input.series.map((s) => [s.id, s]));
  const resolved: PlannedChange[] = [];
  for (const [, episode] of input.latest) {
    if (episode.state !== 'open' || episode.lastSeenAt > input.asOf) continue;
    const limit = limits.get(episode.key.limitId);
    const s = series.get(episode.key.seriesId);
    const orphan =
      !limit ||
      (episode.key.source === 'actual' && !limit.alsoActuals) ||
      (s !== undefined && !limitApplies(limit, s));
    if (!orphan) continue;
    resolved.push({
      key: episode.key,
      decision: { type: 'resolve', alertId: episode.id },
      threshold: limit?.threshold ?? null,
      message: `${s?.name ?? `series ${episode.key.seriesId}`}: limit ${episode.key.limitId} removed or changed`,
      leadMinutes: null,
    });
  }
  return resolved;
}
