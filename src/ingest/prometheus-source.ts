import { IngestInputError } from './errors';
import type { TimeRange } from './grid';
import { parseQueryRange } from './parse-prometheus';
import {
  createPrometheusApi,
  PrometheusHttpError,
  type PrometheusApi,
  type PrometheusAuth,
} from './prometheus-client';
import { planPromWindows, type PromQuery, type PromWindow } from './prometheus-plan';
import { PromSeriesCollector, type PromLabelRules } from './prometheus-series';
import { sortUnique } from './points';
import { withRetry, type RetryOptions } from './retry';
import type { RawSeries } from './types';

/** The settings of a Prometheus source (`prometheus.*`, with the host suffixes of `ingest.*`). */
export interface PrometheusSourceConfig {
  readonly url: string;
  readonly queries: readonly PromQuery[];
  readonly labels: PromLabelRules;
  readonly stepMs: number;
  readonly maxPointsPerQuery: number;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly auth?: PrometheusAuth;
}

/** Counters of one fetch. `queryMs` is the time spent waiting for Prometheus' answers. */
export interface PrometheusFetchStats {
  queries: number;
  requests: number;
  retries: number;
  series: number;
  points: number;
  queryMs: number;
}

export interface PrometheusFetchRequest extends TimeRange {
  /** Called after every answer with the points so far, so an activity can heartbeat. */
  readonly onProgress?: (points: number) => void;
}

export interface PrometheusFetchResult {
  readonly series: RawSeries[];
  /** Warnings Prometheus attached to its answers, each with the setting of its query. */
  readonly warnings: string[];
  readonly stats: PrometheusFetchStats;
}

/** What activities depend on: configured once, fetched per time window. */
export interface PrometheusSource {
  fetch(request: PrometheusFetchRequest): Promise<PrometheusFetchResult>;
}

/**
 * Prometheus could not be reached or kept failing (refused, timed out, 429, 5xx) after every attempt.
 * Transient by nature: activities let Temporal retry it.
 */
export class PrometheusUnavailableError extends Error {
  override readonly name = 'PrometheusUnavailableError';
}

/** The URL as it may be shown: credentials in it are replaced. */
function shown(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) u.username = u.password = '<redacted>';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '<unparsable prometheus.url>';
  }
}

/** Turns the last failure of a request into an error that says what to fix, or that it may pass. */
function failureOf(error: unknown, q: PromQuery, config: PrometheusSourceConfig): unknown {
  if (!(error instanceof PrometheusHttpError)) return error;
  const url = shown(config.url);
  if (error.retryable)
    return new PrometheusUnavailableError(
      `Prometheus at ${url} failed ${q.setting} after ${config.maxAttempts} attempts: ${error.message}`,
      { cause: error },
    );
  if (error.status === 400 || error.status === 422)
    return new IngestInputError(
      `${q.setting}: Prometheus refused the query \`${q.query}\`: ${error.prometheusError?.error ?? error.message}`,
      { file: q.setting, field: q.setting, value: q.query, cause: error },
    );
  if (error.status === 401 || error.status === 403)
    return new IngestInputError(
      `prometheus.url ${url} answered ${error.message}: check METRICAST_PROMETHEUS_BEARER_TOKEN, or METRICAST_PROMETHEUS_USERNAME and METRICAST_PROMETHEUS_PASSWORD`,
      { field: 'prometheus.url', value: url, cause: error },
    );
  return new IngestInputError(`prometheus.url ${url} is not a Prometheus API: ${error.message}`, {
    field: 'prometheus.url',
    value: url,
    cause: error,
  });
}

/**
 * Runs every configured query over `[from, to)` with query_range at the source's step, each range
 * split into windows of at most `maxPointsPerQuery` points; retries a request that finds Prometheus
 * unreachable, timing out or answering 429/5xx (exponential backoff, full jitter). A refused query,
 * a bad sample or colliding label sets throw `IngestInputError` before anything is returned.
 */
export async function fetchPrometheus(
  config: PrometheusSourceConfig,
  request: PrometheusFetchRequest,
  options: { readonly api?: PrometheusApi; readonly retry?: Omit<RetryOptions, 'maxAttempts'> } = {},
): Promise<PrometheusFetchResult> {
  const api = options.api ?? createPrometheusApi(config);
  const windows = planPromWindows(request, config.stepMs, config.maxPointsPerQuery);
  const stats: PrometheusFetchStats = {
    queries: config.queries.length,
    requests: 0,
    retries: 0,
    series: 0,
    points: 0,
    queryMs: 0,
  };
  const retry: RetryOptions = {
    ...options.retry,
    maxAttempts: config.maxAttempts,
    retryable: (error) => error instanceof PrometheusHttpError && error.retryable,
    onRetry: (info) => {
      stats.retries++;
      options.retry?.onRetry?.(info);
    },
  };
  const collector = new PromSeriesCollector(config.labels);
  const warnings: string[] = [];
  for (const q of config.queries) {
    for (const window of windows) {
      const body = await ask(api, q, window, { config, retry, stats });
      const results = parseQueryRange(body, q);
      collector.add(q, results);
      warnings.push(...warningsOf(body).map((w) => `${q.setting}: ${w}`));
      stats.points += results.reduce((n, r) => n + r.points.length, 0);
      request.onProgress?.(stats.points);
    }
  }
  const series = collector.series().map(({ key, t, v }) => ({ key, points: sortUnique(t, v) }));
  stats.series = series.length;
  return { series, warnings, stats };
}

async function ask(
  api: PrometheusApi,
  q: PromQuery,
  window: PromWindow,
  run: { config: PrometheusSourceConfig; retry: RetryOptions; stats: PrometheusFetchStats },
): Promise<unknown> {
  const request = { query: q.query, start: window.start, end: window.end, stepMs: run.config.stepMs };
  try {
    return await withRetry(async () => {
      run.stats.requests++;
      const started = performance.now();
      try {
        return await api.queryRange(request);
      } finally {
        run.stats.queryMs += performance.now() - started;
      }
    }, run.retry);
  } catch (error) {
    throw failureOf(error, q, run.config);
  }
}

function warningsOf(body: unknown): string[] {
  const warnings = (body as { warnings?: unknown }).warnings;
  return Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === 'string') : [];
}

/** A `PrometheusSource` over one configuration; `options.api` replaces the HTTP client (tests). */
export function createPrometheusSource(
  config: PrometheusSourceConfig,
  options: { readonly api?: PrometheusApi; readonly retry?: Omit<RetryOptions, 'maxAttempts'> } = {},
): PrometheusSource {
  const api = options.api ?? createPrometheusApi(config);
  return { fetch: (request) => fetchPrometheus(config, request, { ...options, api }) };
}
