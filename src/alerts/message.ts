import type { AlertLimit, AlertSource, Crossing } from './types';

/** `2014-02-20T13:00Z`. */
export function isoMinute(t: number): string {
  return `${new Date(t).toISOString().slice(0, 16)}Z`;
}

/** Minutes from the cycle's nominal time to the crossing: how much warning people get. */
export function leadMinutes(crossingAt: number, asOf: number): number {
  return Math.round((crossingAt - asOf) / 60_000);
}

const round = (v: number): string => String(Math.round(v * 1000) / 1000);

/**
 * One line saying what crossed, where and when, e.g.
 * `AWS/EC2/CPUUtilization/web-01@1h: forecast upper95 91.2 >= 80 at 2014-02-20T13:00Z (in 180 min)`.
 */
export function alertMessage(
  seriesName: string,
  limit: Pick<AlertLimit, 'basis' | 'direction' | 'threshold'>,
  source: AlertSource,
  crossing: Crossing,
  asOf: number,
): string {
  const op = limit.direction === 'above' ? '>=' : '<=';
  const what = source === 'forecast' ? `forecast ${limit.basis}` : 'actual';
  const when = source === 'forecast' ? ` (in ${leadMinutes(crossing.at, asOf)} min)` : '';
  return `${seriesName}: ${what} ${round(crossing.value)} ${op} ${round(limit.threshold)} at ${isoMinute(crossing.at)}${when}`.slice(
    0,
    1000,
  );
}
