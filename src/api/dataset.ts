/**
 * A dataset posted to `/forecast` or `/evaluate`: a `timestamp,value` CSV (`text/csv`) or the JSON
 * `aws cloudwatch get-metric-data` prints, parsed by the ingestion parsers (so errors name line,
 * field and value exactly as `metricast ingest` does), then put on a regular grid for the models.
 * Nothing is stored.
 */
import type { FastifyInstance } from 'fastify';
import type { SeriesData } from '../forecast';
import { parseCloudWatchJson, parseCsvPoints, type Point } from '../ingest';
import { STEP_MS, type Granularity } from '../shared';
import { badRequest } from './errors';

/** How errors name the posted body. */
const BODY = 'body';

/** Accepts `text/csv` bodies as text; JSON is parsed by Fastify itself. */
export function registerDatasetParsers(app: FastifyInstance): void {
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
}

/** The posted points, oldest first. */
export function parsePostedPoints(body: unknown): Point[] {
  if (typeof body === 'string') return parseCsvPoints(body, BODY);
  if (body === null || typeof body !== 'object')
    throw badRequest(BODY, body, 'be a timestamp,value CSV (text/csv) or get-metric-data JSON');
  const { series } = parseCloudWatchJson(body, { file: BODY });
  if (series.length !== 1)
    throw badRequest(
      'body.MetricDataResults',
      series.length,
      'hold exactly one series (post one metric at a time)',
    );
  return (series[0] as { points: Point[] }).points;
}

/** The granularity of points whose median spacing is `spacingMs`: hourly from 30 minutes up. */
export function inferGranularity(points: readonly Point[]): Granularity {
  const gaps = points
    .slice(1)
    .map((p, i) => p.t - (points[i] as Point).t)
    .sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)] ?? STEP_MS['5m'];
  return median >= 30 * 60_000 ? '1h' : '5m';
}

/**
 * Points on the `granularity` grid: each grid interval's mean (so 5-minute data posted as hourly is
 * aggregated as ingestion does), then the newest stretch without a missing interval, because models
 * need a regular series and inventing values across a gap would score the invention.
 */
export function toSeriesData(
  points: readonly Point[],
  granularity: Granularity,
): SeriesData & { dropped: number } {
  const stepMs = STEP_MS[granularity];
  const sums = new Map<number, { sum: number; n: number }>();
  for (const p of points) {
    const slot = Math.floor(p.t / stepMs) * stepMs;
    const acc = sums.get(slot) ?? { sum: 0, n: 0 };
    acc.sum += p.v;
    acc.n += 1;
    sums.set(slot, acc);
  }
  const slots = [...sums.keys()].sort((a, b) => a - b);
  if (slots.length < 2)
    throw badRequest(BODY, points.length, `hold at least 2 ${granularity} intervals of data`);
  let first = slots.length - 1;
  while (first > 0 && (slots[first] as number) - (slots[first - 1] as number) === stepMs) first--;
  const kept = slots.slice(first);
  const values = kept.map((slot) => {
    const acc = sums.get(slot) as { sum: number; n: number };
    return acc.sum / acc.n;
  });
  return { start: kept[0] as number, stepMs, values, dropped: first };
}
