import {
  CloudWatchClient,
  GetMetricDataCommand,
  type CloudWatchClientConfig,
  ListMetricsCommand,
  type GetMetricDataInput,
  type GetMetricDataOutput,
  type ListMetricsInput,
  type ListMetricsOutput,
} from '@aws-sdk/client-cloudwatch';
import { withRetry, type RetryOptions } from './retry';

/** The two CloudWatch calls ingest makes; tests pass stubs through the same door. */
export interface CloudWatchApi {
  getMetricData(input: GetMetricDataInput): Promise<GetMetricDataOutput>;
  listMetrics(input: ListMetricsInput): Promise<ListMetricsOutput>;
}

/** Where the real client connects. */
export interface CloudWatchApiOptions {
  readonly region: string;
  /** Endpoint override, e.g. moto in tests. */
  readonly endpoint?: string;
  /** Static credentials; default: the standard AWS chain (environment, profile, SSO, instance role). */
  readonly credentials?: CloudWatchClientConfig['credentials'];
}

/**
 * A CloudWatch client behind `CloudWatchApi`. The SDK's own retries are off (`maxAttempts: 1`):
 * `withRetry` owns backoff so attempts are counted, testable and not multiplied by two retry layers.
 */
export function createCloudWatchApi(options: CloudWatchApiOptions): CloudWatchApi & { destroy(): void } {
  const client = new CloudWatchClient({
    region: options.region,
    maxAttempts: 1,
    // Without these a connection that never answers hangs the ingest until Temporal's heartbeat
    // timeout; with them the SDK throws TimeoutError, which `withRetry` retries like throttling.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
  return {
    getMetricData: (input) => client.send(new GetMetricDataCommand(input)),
    listMetrics: (input) => client.send(new ListMetricsCommand(input)),
    destroy: () => client.destroy(),
  };
}

/**
 * Instance ids that have metrics with an `InstanceId` dimension in `namespace` (ListMetrics, all pages),
 * sorted. ListMetrics only knows metrics with data in the last two weeks.
 */
export async function discoverInstanceIds(
  api: CloudWatchApi,
  namespace: string,
  retry: RetryOptions,
): Promise<string[]> {
  const ids = new Set<string>();
  let token: string | undefined;
  do {
    const input: ListMetricsInput = {
      Namespace: namespace,
      Dimensions: [{ Name: 'InstanceId' }],
      NextToken: token,
    };
    const page = await withRetry(() => api.listMetrics(input), retry);
    for (const metric of page.Metrics ?? []) {
      const value = metric.Dimensions?.find((d) => d.Name === 'InstanceId')?.Value;
      if (value) ids.add(value);
    }
    token = page.NextToken;
  } while (token);
  return [...ids].sort();
}
