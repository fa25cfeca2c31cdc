import { keyFromLabel, keyFromQuery, queriesById, type KeyContext } from './cloudwatch-json-keys';
import { formatPath, metricDataDump, validate, type MetricDataDump } from './cloudwatch-json-schema';
import { inputError } from './errors';
import { parseJsonText } from './json-text';
import { zipPoints } from './points';
import { isPlausibleTime, TIME_BOUNDS } from './time-bounds';
import type { RawSeries, SeriesKey } from './types';

/** Options of `parseCloudWatchJson`. */
export interface CloudWatchJsonOptions {
  /** Names the dump in errors, e.g. `dump.json`. */
  readonly file: string;
  /**
   * The `--metric-data-queries` JSON (array, or `{ MetricDataQueries: [...] }`), text or parsed.
   * Without it, a `MetricDataQueries` array inside the dump itself is used if present.
   */
  readonly queries?: unknown;
  /** Names the queries in errors; default `queries`. */
  readonly queriesFile?: string;
  /** When given, a metric outside this list is an error. */
  readonly allowedMetrics?: readonly string[];
  /** Namespace of bare metric names read from labels, over `DEFAULT_METRIC_NAMESPACES`; others get `AWS/EC2`. */
  readonly metricNamespaces?: Readonly<Record<string, string>>;
  /** Region the dump came from, stored as `SeriesKey.site`; default `''`. */
  readonly site?: string;
  readonly hostSuffixes?: readonly string[];
}

/** A CloudWatch message (`Code`, `Value`), with the query id when it belongs to one result. */
export interface CloudWatchMessage {
  id?: string;
  code: string;
  value: string;
}

/** Parsed series plus what CloudWatch said about completeness. */
export interface CloudWatchJsonResult {
  series: RawSeries[];
  /** Ids whose final `StatusCode` was not `Complete` (e.g. `PartialData`: more data existed than returned). */
  partial: { id: string; key: SeriesKey; statusCode: string }[];
  messages: CloudWatchMessage[];
}

/**
 * Parses `aws cloudwatch get-metric-data` output (text or parsed JSON). The output lacks namespace,
 * metric and dimensions, so each result's key comes from the query with the same `Id` (from
 * `options.queries`, or `MetricDataQueries` embedded in the dump) or, without queries, from a `Label`
 * of the form `<InstanceId> <MetricName>`. Validated strictly: any problem, including a metric outside
 * `allowedMetrics`, throws an `IngestInputError` naming the field path and value, and nothing is
 * returned. Results repeating an `Id` (the CLI concatenates pages) are merged; a repeated timestamp
 * is an error. Points come back sorted oldest first (CloudWatch prints newest first).
 */
export function parseCloudWatchJson(dump: unknown, options: CloudWatchJsonOptions): CloudWatchJsonResult {
  const { file } = options;
  const data = validate(metricDataDump, parseText(dump, file), file);
  const ctx = keyContext(data, options);
  const result: CloudWatchJsonResult = { series: [], partial: [], messages: [] };
  for (const m of data.Messages ?? []) result.messages.push({ code: m.Code ?? '', value: m.Value ?? '' });
  for (const entry of mergeById(data, file).values()) {
    const key = keyOf(entry, ctx, options.allowedMetrics);
    const { points, duplicate } = zipPoints(entry.times, entry.values);
    if (duplicate !== -1) {
      const field = `${formatPath(['MetricDataResults', entry.index])}.Timestamps`;
      const value = new Date(entry.times[duplicate] ?? 0).toISOString();
      throw inputError({ file, field, value }, 'must not repeat a timestamp');
    }
    result.series.push({ key, points });
    if (entry.statusCode !== 'Complete')
      result.partial.push({ id: entry.id, key, statusCode: entry.statusCode });
    result.messages.push(...entry.messages);
  }
  return result;
}

function keyContext(data: MetricDataDump, options: CloudWatchJsonOptions): KeyContext {
  const external = options.queries !== undefined;
  const queriesFile = external ? (options.queriesFile ?? 'queries') : options.file;
  const raw = external ? parseText(options.queries, queriesFile) : data.MetricDataQueries;
  return {
    file: options.file,
    site: options.site ?? '',
    hostSuffixes: options.hostSuffixes,
    metricNamespaces: options.metricNamespaces,
    queriesFile,
    // Embedded queries are validated under their own path in the dump.
    queries:
      raw === undefined ? undefined : queriesById(external ? raw : { MetricDataQueries: raw }, queriesFile),
  };
}

/** All results with one Id, in file order. */
interface MergedResult {
  id: string;
  /** Position of the first result with this id, for error paths. */
  index: number;
  label: string | undefined;
  times: number[];
  values: number[];
  /** The last result's status: the last page has the final word. */
  statusCode: string;
  messages: CloudWatchMessage[];
}

function mergeById(data: MetricDataDump, file: string): Map<string, MergedResult> {
  const merged = new Map<string, MergedResult>();
  data.MetricDataResults.forEach((r, index) => {
    if (r.Timestamps.length !== r.Values.length) {
      const field = formatPath(['MetricDataResults', index, 'Values']);
      const expectation = `length must equal Timestamps length ${r.Timestamps.length} (Timestamps and Values lengths differ)`;
      throw inputError({ file, field, value: r.Values.length }, expectation);
    }
    let entry = merged.get(r.Id);
    if (!entry) {
      entry = {
        id: r.Id,
        index,
        label: r.Label,
        times: [],
        values: [],
        statusCode: r.StatusCode,
        messages: [],
      };
      merged.set(r.Id, entry);
    }
    for (let k = 0; k < r.Timestamps.length; k++) {
      const t = Date.parse(r.Timestamps[k] as string);
      if (!isPlausibleTime(t)) {
        const field = formatPath(['MetricDataResults', index, 'Timestamps', k]);
        throw inputError({ file, field, value: r.Timestamps[k] }, TIME_BOUNDS);
      }
      entry.times.push(t);
      entry.values.push(r.Values[k] as number);
    }
    entry.statusCode = r.StatusCode;
    for (const m of r.Messages ?? [])
      entry.messages.push({ id: r.Id, code: m.Code ?? '', value: m.Value ?? '' });
  });
  return merged;
}

function keyOf(entry: MergedResult, ctx: KeyContext, allowed: readonly string[] | undefined): SeriesKey {
  const { queries } = ctx;
  const key = queries
    ? keyFromQuery(entry.id, entry.index, { ...ctx, queries })
    : keyFromLabel(entry.label, entry.index, ctx);
  if (allowed && !allowed.includes(key.metric)) {
    const field = formatPath(['MetricDataResults', entry.index, queries ? 'Id' : 'Label']);
    const expectation = `names unknown metric "${key.metric}" (allowed: ${allowed.join(', ')})`;
    throw inputError({ file: ctx.file, field, value: queries ? entry.id : entry.label }, expectation);
  }
  return key;
}

function parseText(value: unknown, file: string): unknown {
  return typeof value === 'string' ? parseJsonText(value, file) : value;
}
