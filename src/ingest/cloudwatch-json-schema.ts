import { z } from 'zod';
import { inputError, type IngestInputError } from './errors';

/** GetMetricData query ids: CloudWatch requires a lower-case letter first. */
export const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;

const message = z.object({ Code: z.string().optional(), Value: z.string().optional() });

/** One entry of `MetricDataResults` as `aws cloudwatch get-metric-data` prints it. */
const metricDataResult = z.object({
  Id: z.string().regex(QUERY_ID),
  Label: z.string().optional(),
  Timestamps: z.array(z.iso.datetime({ offset: true })),
  Values: z.array(z.number()),
  StatusCode: z.enum(['Complete', 'InternalError', 'PartialData', 'Forbidden']),
  Messages: z.array(message).optional(),
});

/** The whole `get-metric-data` output. */
export const metricDataDump = z.object({
  MetricDataResults: z.array(metricDataResult),
  Messages: z.array(message).optional(),
  NextToken: z.string().optional(),
  /** Not printed by the CLI: a dump may embed its queries so the file alone names its series. */
  MetricDataQueries: z.unknown().optional(),
});
export type MetricDataDump = z.infer<typeof metricDataDump>;

const metricStat = z.object({
  Metric: z.object({
    Namespace: z.string().min(1),
    MetricName: z.string().min(1),
    Dimensions: z.array(z.object({ Name: z.string().min(1), Value: z.string().min(1) })).optional(),
  }),
  Period: z.number().int().positive(),
  Stat: z.string().min(1),
  Unit: z.string().optional(),
});

/** One entry of `--metric-data-queries`. Expression queries are accepted but cannot name a series. */
const metricDataQuery = z.object({
  Id: z.string().regex(QUERY_ID),
  MetricStat: metricStat.optional(),
  Expression: z.string().optional(),
  Label: z.string().optional(),
  ReturnData: z.boolean().optional(),
});
export const metricDataQueries = z.array(metricDataQuery);
export type MetricDataQueryJson = z.infer<typeof metricDataQuery>;

/**
 * Validates `value` against `schema`; on failure throws an `IngestInputError` for the first problem:
 * `dump.json: MetricDataResults[2].Values[5] must be a finite number, got "x"`.
 */
export function validate<T>(
  schema: z.ZodType<T>,
  value: unknown,
  file: string,
  prefix: PropertyKey[] = [],
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  throw issueError(file, [...prefix, ...issue.path], valueAt(value, issue.path), issue);
}

/** `['MetricDataResults', 2, 'Values', 5]` → `MetricDataResults[2].Values[5]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  const text = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return text.startsWith('.') ? text.slice(1) : text || 'document';
}

function issueError(
  file: string,
  path: PropertyKey[],
  value: unknown,
  issue: z.core.$ZodIssue,
): IngestInputError {
  return inputError({ file, field: formatPath(path), value }, expectation(issue, value));
}

function expectation(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'is required';
      return issue.expected === 'number' ? 'must be a finite number' : `must be ${article(issue.expected)}`;
    case 'invalid_format':
      return issue.format === 'regex'
        ? `must match ${String(issue.pattern)}`
        : `must be an ISO-8601 ${issue.format} with zone`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters long' : ''}`;
    default:
      return issue.message;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}
