/**
 * The one line the worker logs per forecast cycle, so a person reading `worker.log` sees what each
 * hour did without opening the Web UI: the hour, series forecast, stale and failed (with reasons),
 * records reconciled and missing, anomalies, alerts and retrains started. Pure: workflow code.
 */
import type { ForecastShardResult } from '../activities';
import type { ForecastCycleSummary } from './forecast-cycle';

/** Longest reason quoted per failed series: the first sentence of a model's refusal says enough. */
const MAX_REASON = 160;

function failures(forecast: ForecastShardResult): string {
  if (forecast.failed === 0) return 'failed 0';
  const reasons = forecast.failures.map((f) => `series ${f.seriesId}: ${f.error.slice(0, MAX_REASON)}`);
  const more = forecast.failed > reasons.length ? `; ${forecast.failed - reasons.length} more` : '';
  return `failed ${forecast.failed} (${reasons.join('; ')}${more})`;
}

function stale(forecast: ForecastShardResult): string {
  const n = forecast.stale ?? 0;
  if (n === 0) return 'stale 0';
  const ids = forecast.staleSeries ?? [];
  const more = n > ids.length ? `, ${n - ids.length} more` : '';
  return `stale ${n} (series ${ids.join(', ')}${more}: feed stopped, no forecast)`;
}

function ingest(summary: ForecastCycleSummary): string {
  const i = summary.ingest;
  if (i.error) return `ingest failed: ${i.error.slice(0, MAX_REASON)}`;
  return `ingested ${i.series} series (${i.pointsHourly} hourly points)`;
}

function alerts(summary: ForecastCycleSummary): string | undefined {
  const a = summary.alerts;
  if (!a) return undefined;
  if (a.evaluationError) return `alerts failed: ${a.evaluationError.slice(0, MAX_REASON)}`;
  const e = a.evaluation;
  return e ? `alerts ${e.opened} opened, ${e.resolved} resolved` : undefined;
}

function globalModel(summary: ForecastCycleSummary): string | undefined {
  const g = summary.globalModel;
  if (!g) return undefined;
  const each = Object.entries(g).map(([granularity, o]) =>
    'error' in o
      ? `${granularity} failed: ${o.error.slice(0, MAX_REASON)}`
      : `${granularity} ${o.status}${o.version === undefined ? '' : ` v${o.version} (${o.refit})`}`,
  );
  return `global model ${each.join(', ')}`;
}

/** `forecast cycle 2026-12-04T16:00Z: forecast 34 of 34 series (…); stale 0; failed 0; …`. */
export function cycleLogLine(summary: ForecastCycleSummary, granularities: readonly string[]): string {
  const f = summary.forecast;
  const r = summary.reconcile;
  const m = summary.monitoring;
  const parts = [
    ingest(summary),
    `forecast ${f.forecast} of ${f.series} ${granularities.join('+')} series (${f.rows} rows)`,
    stale(f),
    failures(f),
    ...(f.noChampion > 0 ? [`no champion yet ${f.noChampion}`] : []),
    ...((f.covariateFallbacks ?? 0) > 0
      ? [`covariate fallbacks ${f.covariateFallbacks} (a covariate missing or stale: plain twin served)`]
      : []),
    ...((f.bridged ?? 0) > 0
      ? [`bridged gaps ${f.bridged} (a gap of at most 6 hours filled in the history read)`]
      : []),
    `reconciled ${r.reconciled} records (${r.missing} marked missing, ${r.stillPending} pending)`,
    `accuracy rows ${summary.accuracyRows}`,
    ...(summary.anomalies ? [`anomalies ${summary.anomalies.inserted} new`] : []),
    ...[alerts(summary), globalModel(summary)].filter((s): s is string => s !== undefined),
    `retrains started ${m.retrainsStarted} (breaches ${m.breaches}, already running ${m.alreadyRunning})`,
  ];
  return `forecast cycle ${summary.nominalHour}: ${parts.join('; ')}`;
}
