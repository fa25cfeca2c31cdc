import { IngestInputError, showValue } from './errors';
import type { PromQuery } from './prometheus-plan';
import { isPlausibleTime, TIME_BOUNDS } from './time-bounds';
import type { Point } from './types';

/** One series of a query_range answer: its label set and its points, oldest first. */
export interface PromMatrixSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly points: Point[];
}

/** Prometheus writes floats as Go's shortest decimal; NaN and infinities as these words. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = new Set(['NaN', '+Inf', '-Inf', 'Inf']);

/** `{instance="a:9100", job="node"}`: a label set as PromQL writes it. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const inner = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(', ');
  return `{${inner}}`;
}

/** The error for a bad answer to `q`: names the setting, the query, and what was wrong. */
export function promAnswerError(
  q: PromQuery,
  field: string,
  problem: string,
  value?: unknown,
): IngestInputError {
  const got = value === undefined ? '' : `, got ${showValue(value)}`;
  return new IngestInputError(`${q.setting} (${q.query}): ${field} ${problem}${got}`, {
    file: q.setting,
    field,
    ...(value === undefined ? {} : { value }),
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validates the JSON of a successful `/api/v1/query_range` answer to `q` and returns its series.
 * Throws `IngestInputError` naming the setting, the query, the series' labels and the time for
 * anything that is not a finite number at a plausible time: `NaN`, `±Inf`, text, histograms (which
 * metricast cannot forecast), and a result that is not a matrix.
 */
export function parseQueryRange(body: unknown, q: PromQuery): PromMatrixSeries[] {
  if (!isObject(body) || body.status !== 'success' || !isObject(body.data))
    throw promAnswerError(q, 'answer', 'must be {"status": "success", "data": {...}}', body);
  const { resultType, result } = body.data;
  if (resultType !== 'matrix') throw promAnswerError(q, 'data.resultType', 'must be "matrix"', resultType);
  if (!Array.isArray(result)) throw promAnswerError(q, 'data.result', 'must be an array', result);
  return result.map((series: unknown, i) => parseSeries(series, i, q));
}

function parseSeries(series: unknown, i: number, q: PromQuery): PromMatrixSeries {
  const where = `data.result[${i}]`;
  if (!isObject(series) || !isObject(series.metric))
    throw promAnswerError(q, where, 'must be {"metric": {...}, "values": [...]}', series);
  const labels = parseLabels(series.metric, where, q);
  if (series.values === undefined && series.histograms !== undefined)
    throw promAnswerError(q, `series ${formatLabels(labels)}`, 'must hold numbers, not native histograms');
  if (!Array.isArray(series.values))
    throw promAnswerError(q, `${where}.values`, 'must be an array', series.values);
  return { labels, points: series.values.map((pair: unknown) => parseSample(pair, labels, q)) };
}

function parseLabels(metric: Record<string, unknown>, where: string, q: PromQuery): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(metric)) {
    if (typeof value !== 'string') throw promAnswerError(q, `${where}.metric.${name}`, 'must be text', value);
    labels[name] = value;
  }
  return labels;
}

function parseSample(pair: unknown, labels: Record<string, string>, q: PromQuery): Point {
  if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'number')
    throw promAnswerError(
      q,
      `sample of series ${formatLabels(labels)}`,
      'must be [unix seconds, "value"]',
      pair,
    );
  const t = Math.round(pair[0] * 1000);
  const text: unknown = pair[1];
  // The common case first and cheaply: a plausible time and a decimal (errors are built only when needed).
  if (isPlausibleTime(t) && typeof text === 'string' && DECIMAL.test(text)) {
    const v = Number(text);
    if (Number.isFinite(v)) return { t, v };
  }
  throw sampleError(t, pair[0], text, labels, q);
}

/** What is wrong with a sample that failed the quick check in `parseSample`. */
function sampleError(
  t: number,
  seconds: number,
  text: unknown,
  labels: Record<string, string>,
  q: PromQuery,
) {
  const series = `series ${formatLabels(labels)}`;
  if (!isPlausibleTime(t)) return promAnswerError(q, `time of a sample of ${series}`, TIME_BOUNDS, seconds);
  const where = `value of ${series} at ${new Date(t).toISOString()}`;
  if (typeof text === 'string' && NON_FINITE.has(text))
    return promAnswerError(
      q,
      where,
      'must be a finite number (filter NaN and infinities out in the query, e.g. `(expr) > -Inf < +Inf`)',
      text,
    );
  if (typeof text !== 'string' || !DECIMAL.test(text))
    return promAnswerError(q, where, 'must be a number written as text', text);
  return promAnswerError(q, where, 'must be a finite number', text);
}
