import { formatPath, metricDataQueries, validate, type MetricDataQueryJson } from './cloudwatch-json-schema';
import { inputError } from './errors';
import { DEFAULT_METRIC_NAMESPACES, unitOf } from './metric-catalog';
import { normaliseHost } from './normalise-host';
import type { SeriesKey } from './types';

/** How series keys are derived from a dump; see `CloudWatchJsonOptions`. */
export interface KeyContext {
  readonly file: string;
  readonly site: string;
  readonly hostSuffixes?: readonly string[];
  readonly metricNamespaces?: Readonly<Record<string, string>>;
  /** Query ids → queries, when queries were given. */
  readonly queries?: Map<string, QueryRef>;
  readonly queriesFile: string;
}

/** A validated query and its path for error messages. */
export interface QueryRef {
  readonly query: MetricDataQueryJson;
  readonly path: string;
}

/** Validates `--metric-data-queries` JSON (a bare array or `{ MetricDataQueries: [...] }`) and maps it by id. */
export function queriesById(raw: unknown, file: string): Map<string, QueryRef> {
  const wrapped =
    raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'MetricDataQueries' in raw;
  const list = wrapped ? raw.MetricDataQueries : raw;
  const prefix = wrapped ? ['MetricDataQueries'] : [];
  const queries = validate(metricDataQueries, list, file, prefix);
  return new Map(queries.map((query, i) => [query.Id, { query, path: formatPath([...prefix, i]) }]));
}

/** The key of result `index` (with id `id`) from its query's MetricStat. */
export function keyFromQuery(
  id: string,
  index: number,
  ctx: KeyContext & { queries: Map<string, QueryRef> },
): SeriesKey {
  const ref = ctx.queries.get(id);
  if (!ref) {
    const field = `${formatPath(['MetricDataResults', index])}.Id`;
    throw inputError(
      { file: ctx.file, field, value: id },
      `must match the Id of a query in ${ctx.queriesFile}`,
    );
  }
  const stat = ref.query.MetricStat;
  if (!stat) {
    const field = `${ref.path}.MetricStat`;
    throw inputError(
      { file: ctx.queriesFile, field, value: undefined },
      'is required: expression results cannot be ingested',
    );
  }
  const dimensions = Object.fromEntries((stat.Metric.Dimensions ?? []).map((d) => [d.Name, d.Value]));
  const hostName = dimensions.InstanceId ?? Object.values(dimensions)[0];
  const metric = stat.Metric.MetricName;
  return {
    source: 'cloudwatch',
    namespace: stat.Metric.Namespace,
    metric,
    dimensions,
    // A query without dimensions is an aggregate over the namespace: no host.
    host: hostName === undefined ? '' : normaliseHost(hostName, ctx.hostSuffixes),
    site: ctx.site,
    unit: stat.Unit ?? unitOf(metric),
  };
}

/** The key of result `index` from a Label `<InstanceId> <MetricName>` (what `Label` queries print). */
export function keyFromLabel(label: string | undefined, index: number, ctx: KeyContext): SeriesKey {
  const parts = (label ?? '').trim().split(/\s+/);
  const [instance = '', metric = ''] = parts;
  if (parts.length !== 2 || instance === '' || metric === '') {
    const field = formatPath(['MetricDataResults', index, 'Label']);
    throw inputError(
      { file: ctx.file, field, value: label },
      'must read "<InstanceId> <MetricName>" when no queries are given',
    );
  }
  const namespace = ctx.metricNamespaces?.[metric] ?? DEFAULT_METRIC_NAMESPACES[metric] ?? 'AWS/EC2';
  const host = normaliseHost(instance, ctx.hostSuffixes);
  return {
    source: 'cloudwatch',
    namespace,
    metric,
    dimensions: { InstanceId: instance },
    host,
    site: ctx.site,
    unit: unitOf(metric),
  };
}
