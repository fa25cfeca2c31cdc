/**
 * Ingestion: parse, validate, clean and aggregate metric series; fetch them from CloudWatch and Prometheus.
 * Everything is pure except the CloudWatch and Prometheus clients and sources. No database, no Temporal.
 */
export type {
  CleanedSeries,
  DropReason,
  DropReport,
  GapReport,
  HourlyPoint,
  Point,
  RawSeries,
  SeriesKey,
} from './types';
export { IngestInputError, inputError, type IngestInputContext } from './errors';
export { parseCsv, parseCsvPoints } from './parse-csv';
export { parseTimestamp } from './parse-timestamp';
export { decodeUtf8 } from './decode-text';
export { parseJsonText } from './json-text';
export { EARLIEST_TIME, LATEST_TIME, isPlausibleTime } from './time-bounds';
export { seriesFromFilename, type SeriesFromFilenameOptions } from './series-from-filename';
export {
  parseCloudWatchJson,
  type CloudWatchJsonOptions,
  type CloudWatchJsonResult,
  type CloudWatchMessage,
} from './parse-cloudwatch-json';
export { cleanSeries, type CleanOptions, type CleanResult } from './clean';
export type { TimeRange } from './grid';
export { normaliseHost } from './normalise-host';
export { aggregateHourly } from './aggregate-hourly';
export {
  copyAt,
  copyEnd,
  planReplay,
  replayPeriod,
  replayPoints,
  spanOf,
  type RecordingSpan,
  type ReplayPlan,
} from './replay';
export {
  planQueries,
  type CloudWatchSourceInput,
  type PlannedCall,
  type PlannedQuery,
  type QueryPlan,
} from './plan-queries';
export { isRetryable, withRetry, type RetryOptions } from './retry';
export {
  createCloudWatchApi,
  discoverInstanceIds,
  type CloudWatchApi,
  type CloudWatchApiOptions,
} from './cloudwatch-client';
export {
  createCloudWatchSource,
  fetchCloudWatch,
  type CloudWatchFetchRequest,
  type CloudWatchSource,
  type CloudWatchSourceConfig,
  type CloudWatchFetchResult,
  type CloudWatchProgress,
  type FetchCloudWatchOptions,
} from './cloudwatch-source';
export type { FetchStats, PartialReport, WindowMessage } from './cloudwatch-pages';
export {
  PROMETHEUS_MAX_POINTS,
  planPromWindows,
  promQueriesOf,
  type PromQuery,
  type PromWindow,
} from './prometheus-plan';
export { formatLabels, parseQueryRange, type PromMatrixSeries } from './parse-prometheus';
export { hostOfInstance, PROMETHEUS_NAMESPACE, seriesKeyOf, type PromLabelRules } from './prometheus-series';
export {
  createPrometheusApi,
  PrometheusHttpError,
  type PrometheusApi,
  type PrometheusApiOptions,
  type PrometheusAuth,
  type QueryRangeRequest,
} from './prometheus-client';
export {
  createPrometheusSource,
  fetchPrometheus,
  PrometheusUnavailableError,
  type PrometheusFetchRequest,
  type PrometheusFetchResult,
  type PrometheusFetchStats,
  type PrometheusSource,
  type PrometheusSourceConfig,
} from './prometheus-source';
