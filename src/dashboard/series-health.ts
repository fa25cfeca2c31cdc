/**
 * The status the dashboard shows for a series, and the legend that says what each one means. The
 * stored status (`dashboard_series_status`, also in the API) speaks of freshness: data and forecast
 * on time. The dashboard adds the forecast's calibration: `ok` needs the 95 % band to have held
 * close to 95 % of the last day's actuals, else the series reads `low_coverage` (or `unscored` while
 * too few records are scored to judge). The rule is fixed in advance, not tuned:
 * - at least `MIN_SCORED` records reconciled in the last 24 h (four hourly issues of six steps), and
 * - 95 % coverage of at least `MIN_COVERAGE95`, i.e. misses at most three times the nominal 5 %.
 *   Steps of one issue share their errors, so a day holds only a few dozen independent checks; a
 *   stricter line would flag sound forecasts on ordinary bad luck.
 */
import type { SeriesWithStatus } from '../db';

export const MIN_SCORED = 24;
export const MIN_COVERAGE95 = 0.85;

/** What the dashboard can show in a status badge. */
export const HealthStatus = {
  ok: 'ok',
  lowCoverage: 'low_coverage',
  unscored: 'unscored',
  staleForecast: 'stale_forecast',
  staleData: 'stale_data',
  noData: 'no_data',
  notRefreshed: 'not_refreshed',
} as const;
export type HealthStatus = (typeof HealthStatus)[keyof typeof HealthStatus];

/** What each status means, in the order the legend lists them. */
export const HEALTH_LEGEND: ReadonlyArray<readonly [HealthStatus, string]> = [
  [
    'ok',
    `data and champion forecast are current, and the 95 % band held at least ${MIN_COVERAGE95 * 100} % of the last 24 h's actuals (${MIN_SCORED} or more scored)`,
  ],
  [
    'low_coverage',
    `data and forecast are current, but the 95 % band held less than ${MIN_COVERAGE95 * 100} % of the last 24 h's actuals: the band is too narrow to trust`,
  ],
  [
    'unscored',
    `data and forecast are current, but fewer than ${MIN_SCORED} forecast records were scored in the last 24 h, too few to judge the band`,
  ],
  ['stale_forecast', 'data is current, but no champion forecast was issued in the last two hourly cycles'],
  ['stale_data', 'no observation in the last three steps of the series: its feed has stopped or lags'],
  ['no_data', 'the series has no observations'],
  ['not_refreshed', 'no forecast cycle has rated the series yet'],
];

/** The status to show for a series (see the file's comment for the rule). */
export function healthOf(series: Pick<SeriesWithStatus, 'status'>): HealthStatus {
  const st = series.status;
  if (!st) return 'not_refreshed';
  if (st.status !== 'ok') return st.status;
  if (st.n24h === null || st.n24h < MIN_SCORED || st.coverage95_24h === null) return 'unscored';
  return st.coverage95_24h >= MIN_COVERAGE95 ? 'ok' : 'low_coverage';
}
