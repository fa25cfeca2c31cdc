import type { GetMetricDataInput, GetMetricDataOutput, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchApi } from './cloudwatch-client';
import { inputError } from './errors';
import type { CloudWatchMessage } from './parse-cloudwatch-json';
import type { PlannedCall } from './plan-queries';
import { withRetry, type RetryOptions } from './retry';
import type { SeriesKey } from './types';

/** A query whose last page in one window still said `PartialData` (or `InternalError`, `Forbidden`). */
export interface PartialReport {
  id: string;
  key: SeriesKey;
  from: number;
  to: number;
  statusCode: string;
}

/** A CloudWatch message with the window of the call that returned it. */
export type WindowMessage = CloudWatchMessage & { from: number; to: number };

/** Counters of one fetch. */
export interface FetchStats {
  instances: number;
  calls: number;
  pages: number;
  retries: number;
  points: number;
}

/** Timestamps and values gathered per query id, across pages and windows. */
export type Accumulator = Map<string, { t: number[]; v: number[] }>;

/** What the calls of one fetch share. */
export interface FetchRun {
  readonly api: CloudWatchApi;
  readonly retry: RetryOptions;
  readonly maxDatapoints: number;
  readonly acc: Accumulator;
  readonly partial: PartialReport[];
  readonly messages: WindowMessage[];
  readonly stats: FetchStats;
  /** Called after every page. */
  readonly progress: () => void;
}

/**
 * Runs one planned call: GetMetricData for its queries and window, then every NextToken page, each page
 * retried on its own. `PartialData` on a page with a NextToken only means "more pages follow"; a query
 * whose last page still says so (or any other non-Complete status) is reported as partial.
 */
export async function fetchCall(run: FetchRun, call: PlannedCall): Promise<void> {
  const status = new Map<string, string>();
  let token: string | undefined;
  do {
    const request: GetMetricDataInput = {
      MetricDataQueries: call.queries.map((q) => q.query),
      StartTime: new Date(call.from),
      EndTime: new Date(call.to),
      ScanBy: 'TimestampAscending',
      MaxDatapoints: run.maxDatapoints,
      NextToken: token,
    };
    const page = await withRetry(() => run.api.getMetricData(request), run.retry);
    run.stats.pages++;
    absorbPage(run, call, page, status);
    run.progress();
    if (page.NextToken && page.NextToken === token)
      throw responseError('NextToken', token, 'must change between pages');
    token = page.NextToken || undefined;
  } while (token);
  for (const q of call.queries) {
    const code = status.get(q.id);
    if (code !== undefined && code !== 'Complete') {
      run.partial.push({ id: q.id, key: q.key, from: call.from, to: call.to, statusCode: code });
    }
  }
}

function absorbPage(
  run: FetchRun,
  call: PlannedCall,
  page: GetMetricDataOutput,
  status: Map<string, string>,
): void {
  const window = { from: call.from, to: call.to };
  for (const m of page.Messages ?? [])
    run.messages.push({ code: m.Code ?? '', value: m.Value ?? '', ...window });
  (page.MetricDataResults ?? []).forEach((r, i) => {
    const id = r.Id ?? '';
    const target = call.queries.some((q) => q.id === id) ? run.acc.get(id) : undefined;
    if (target === undefined)
      throw responseError(`MetricDataResults[${i}].Id`, r.Id, 'must be the id of a query in the request');
    appendResult(r, i, target);
    run.stats.points += r.Values?.length ?? 0;
    status.set(id, r.StatusCode ?? 'Complete');
    for (const m of r.Messages ?? [])
      run.messages.push({ id, code: m.Code ?? '', value: m.Value ?? '', ...window });
  });
}

function appendResult(r: MetricDataResult, i: number, target: { t: number[]; v: number[] }): void {
  const times = r.Timestamps ?? [];
  const values = r.Values ?? [];
  if (times.length !== values.length) {
    const expectation = `length must equal Timestamps length ${times.length}`;
    throw responseError(`MetricDataResults[${i}].Values`, values.length, expectation);
  }
  for (let k = 0; k < times.length; k++) {
    const t = times[k]?.getTime();
    const v = values[k];
    if (t === undefined || !Number.isFinite(t)) {
      throw responseError(`MetricDataResults[${i}].Timestamps[${k}]`, times[k], 'must be a valid time');
    }
    if (v === undefined || !Number.isFinite(v)) {
      throw responseError(`MetricDataResults[${i}].Values[${k}]`, v, 'must be a finite number');
    }
    target.t.push(t);
    target.v.push(v);
  }
}

function responseError(field: string, value: unknown, expectation: string): Error {
  return inputError({ file: 'GetMetricData response', field, value }, expectation);
}
