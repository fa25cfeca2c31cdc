import { limitApplies, type AlertLimit } from '../alerts';
import {
  latestForecast,
  listAnomalies,
  listLimits,
  listReconciledActuals,
  newestObservationAt,
  readObservations,
  unlessTableMissing,
  type Db,
  type SeriesWithStatus,
  type StoredAnomaly,
} from '../db';
import type { ChartInput, ForecastPoint, TimedValue } from '../plot';
import { chartWindow, type ChartRange, type ChartWindow } from './chart-window';
import { clip, unitBounds, type UnitBounds } from './unit-bounds';
import { extent, fitYScale, type YScale } from './y-scale';

/** Anomalies marked on one chart at most (the list below it pages through all of them). */
const CHART_ANOMALIES = 1_000;

/** One forecast target as the chart draws it: bands clipped to the unit's bounds. */
export interface ChartForecastPoint extends ForecastPoint {
  readonly issuedAt: number;
}

/** What one series' chart is drawn from, loaded once and shared by the page, the JSON and the SVG. */
export interface ChartData {
  readonly series: SeriesWithStatus;
  readonly range: ChartRange;
  readonly window: ChartWindow;
  readonly bounds: UnitBounds;
  readonly history: readonly TimedValue[];
  /** The newest champion forecast, whole (its targets all lie after `window.now`, its issue time). */
  readonly forecast: readonly ChartForecastPoint[];
  readonly modelKind: string | null;
  readonly modelVersionId: number | null;
  /** Actuals earlier forecasts in the window were scored against. */
  readonly actuals: readonly TimedValue[];
  /** Anomalies inside the window, newest first. */
  readonly anomalies: readonly StoredAnomaly[];
  readonly limit: AlertLimit | undefined;
  readonly y: YScale;
}

/**
 * The limit line to draw: an enabled limit of this series, else one whose metric pattern matches it
 * (the alerts engineer's `limitApplies` decides); none when the alerts tables are absent.
 */
export function limitFor(limits: readonly AlertLimit[], series: SeriesWithStatus): AlertLimit | undefined {
  const applying = limits.filter((l) => l.enabled && limitApplies(l, series));
  return applying.find((l) => l.seriesId !== null) ?? applying[0];
}

/** Every value the chart draws, for fitting its axis. */
function* drawnValues(d: Pick<ChartData, 'history' | 'forecast' | 'actuals'>): Iterable<number> {
  for (const p of d.history) yield p.v;
  for (const p of d.actuals) yield p.v;
  for (const f of d.forecast) yield* [f.point, f.lower95, f.upper95, f.lower80, f.upper80];
}

/** Loads a series' chart for `range`: see `chartWindow` for the stretch of time it shows. */
export async function loadChartData(db: Db, series: SeriesWithStatus, range: ChartRange): Promise<ChartData> {
  const [stored, newest, limits] = await Promise.all([
    latestForecast(db, series.id),
    newestObservationAt(db, series.id),
    unlessTableMissing(() => listLimits(db, { enabledOnly: true }), []),
  ]);
  const first = stored[0];
  const window = chartWindow(
    {
      newestObservationAt: newest,
      issuedAt: first?.issuedAt ?? null,
      lastTargetAt: stored[stored.length - 1]?.targetAt ?? null,
    },
    range,
  );
  const [observations, actuals, anomalies] = await Promise.all([
    readObservations(db, series.id, window),
    listReconciledActuals(db, series.id, window.from),
    unlessTableMissing(
      () => listAnomalies(db, { seriesId: series.id, ...window, limit: CHART_ANOMALIES }),
      [],
    ),
  ]);
  const bounds = unitBounds(series.unit);
  const at = (v: number) => clip(v, bounds);
  const forecast = stored.map((f) => ({
    ...{ t: f.targetAt, issuedAt: f.issuedAt, point: at(f.point) },
    ...{ lower80: at(f.lower80), upper80: at(f.upper80), lower95: at(f.lower95), upper95: at(f.upper95) },
  }));
  const history = observations.map((o) => ({ t: o.t, v: o.value }));
  const inWindow = actuals.filter((a) => a.t < window.to);
  const limit = limitFor(limits, series);
  const y = fitYScale(
    extent(drawnValues({ history, forecast, actuals: inWindow })),
    bounds,
    limit?.threshold,
  );
  const model = { modelKind: first?.modelKind ?? null, modelVersionId: first?.modelVersionId ?? null };
  return {
    series,
    range,
    window,
    bounds,
    history,
    forecast,
    ...model,
    actuals: inWindow,
    anomalies,
    limit,
    y,
  };
}

/** How the limit reads in a legend: `limit: upper95 above 60`. */
export function limitLabel(limit: AlertLimit): string {
  return `limit: ${limit.basis} ${limit.direction} ${limit.threshold}`;
}

/** The plot library's input for a series' chart (the e-mail and no-script rendering). */
export function chartInputOf(data: ChartData): ChartInput {
  const { series, limit, y } = data;
  const anomalyTimes = [...new Set(data.anomalies.map((a) => a.ts))];
  const valueAt = new Map(data.anomalies.map((a) => [a.ts, clip(a.value, data.bounds)]));
  return {
    title: series.name,
    ...(series.unit ? { unit: series.unit } : {}),
    history: data.history,
    forecast: data.forecast,
    actuals: data.actuals,
    anomalies: anomalyTimes.map((t) => ({ t, v: valueAt.get(t) ?? 0 })),
    y: { min: y.min, max: y.max },
    ...(data.window.now === null ? {} : { now: data.window.now }),
    ...(limit && y.limit === 'shown' ? { limit: { value: limit.threshold, label: limitLabel(limit) } } : {}),
  };
}
