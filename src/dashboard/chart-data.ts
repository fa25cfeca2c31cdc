import { limitApplies, type AlertLimit } from '../alerts';
import {
  latestForecast,
  listLimits,
  listReconciledActuals,
  listSeriesAnomalies,
  newestObservationAt,
  readObservations,
  unlessTableMissing,
  type DashboardAnomaly,
  type Db,
  type ForecastRecord,
  type SeriesWithStatus,
} from '../db';
import type { ChartInput } from '../plot';
import type { Granularity, TimeRange } from '../shared';

const DAY = 86_400_000;
/**
 * History shown before the forecast: four days of hourly points (so a 12-step forecast is still wide
 * enough to read), two days of 5-minute ones (~600 points).
 */
const HISTORY_MS: Readonly<Record<Granularity, number>> = { '1h': 4 * DAY, '5m': 2 * DAY };

/** What one series' chart is drawn from, loaded once and shared by the page and the SVG route. */
export interface ChartData {
  readonly series: SeriesWithStatus;
  /** The history shown: up to the newest observation or forecast issue, not the wall clock. */
  readonly window: TimeRange;
  readonly history: ReadonlyArray<{ readonly t: number; readonly value: number }>;
  readonly forecast: readonly ForecastRecord[];
  readonly actuals: ReadonlyArray<{ readonly t: number; readonly v: number }>;
  readonly anomalies: readonly DashboardAnomaly[];
  readonly limit: AlertLimit | undefined;
}

/**
 * The limit line to draw: an enabled limit of this series, else one whose metric pattern matches it
 * (the alerts engineer's `limitApplies` decides); none when the alerts tables are absent.
 */
export function limitFor(limits: readonly AlertLimit[], series: SeriesWithStatus): AlertLimit | undefined {
  const applying = limits.filter((l) => l.enabled && limitApplies(l, series));
  return applying.find((l) => l.seriesId !== null) ?? applying[0];
}

/**
 * Loads a series' chart data. The window ends at the newer of the newest observation and the newest
 * champion issue, so old data (the bundled 2014 series) still shows a full history.
 */
export async function loadChartData(db: Db, series: SeriesWithStatus): Promise<ChartData> {
  const [forecast, newest, limits] = await Promise.all([
    latestForecast(db, series.id),
    newestObservationAt(db, series.id),
    unlessTableMissing(() => listLimits(db, { enabledOnly: true }), []),
  ]);
  const end = Math.max(newest ?? 0, forecast[0]?.issuedAt ?? 0) + 1;
  const window = { from: end - HISTORY_MS[series.granularity], to: end };
  const [history, actuals, anomalies] = await Promise.all([
    readObservations(db, series.id, window),
    listReconciledActuals(db, series.id, window.from),
    listSeriesAnomalies(db, series.id, window),
  ]);
  return { series, window, history, forecast, actuals, anomalies, limit: limitFor(limits, series) };
}

/** The plot library's input for a series' chart. */
export function chartInputOf(data: ChartData): ChartInput {
  const { series, limit } = data;
  return {
    title: series.name,
    ...(series.unit ? { unit: series.unit } : {}),
    history: data.history.map((o) => ({ t: o.t, v: o.value })),
    forecast: data.forecast.map((f) => ({
      t: f.targetAt,
      ...{ point: f.point, lower80: f.lower80, upper80: f.upper80, lower95: f.lower95, upper95: f.upper95 },
    })),
    actuals: data.actuals,
    anomalies: data.anomalies.map((a) => ({ t: a.t, v: a.value })),
    ...(limit
      ? {
          limit: {
            value: limit.threshold,
            label: `limit: ${limit.basis} ${limit.direction} ${limit.threshold}`,
          },
        }
      : {}),
  };
}
