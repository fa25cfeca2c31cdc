import type { Point } from './types';

/**
 * Zips parallel timestamp and value arrays (CloudWatch's shape) into points sorted oldest first.
 * CloudWatch returns newest first, so a reversed array is the common case and needs no sort.
 * Returns the position (in the input arrays) of a repeated timestamp as `duplicate`, or -1.
 */
export function zipPoints(
  times: readonly number[],
  values: readonly number[],
): { points: Point[]; duplicate: number } {
  const order = times.map((_, i) => i);
  if (!isAscending(times)) order.sort((a, b) => (times[a] as number) - (times[b] as number));
  const points: Point[] = [];
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    const t = times[i] as number;
    if (k > 0 && t === points[k - 1]?.t) return { points, duplicate: i };
    points.push({ t, v: values[i] as number });
  }
  return { points, duplicate: -1 };
}

function isAscending(times: readonly number[]): boolean {
  for (let i = 1; i < times.length; i++) if ((times[i] as number) <= (times[i - 1] as number)) return false;
  return true;
}

/**
 * Points from parallel arrays sorted oldest first, a repeated timestamp keeping its last value
 * (pages and windows are appended in request order, so the last is the newest answer).
 */
export function sortUnique(times: readonly number[], values: readonly number[]): Point[] {
  const order = times.map((_, i) => i);
  order.sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
  const points: Point[] = [];
  for (const i of order) {
    const t = times[i] as number;
    const last = points[points.length - 1];
    if (last !== undefined && last.t === t) last.v = values[i] as number;
    else points.push({ t, v: values[i] as number });
  }
  return points;
}
