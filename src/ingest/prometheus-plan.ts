import { inputError } from './errors';
import type { TimeRange } from './grid';

/** One PromQL query of a metric family, with the setting it came from (for error messages). */
export interface PromQuery {
  /** The metricast metric name its series get, e.g. `CPUUtilization`. */
  readonly family: string;
  readonly unit: string;
  readonly query: string;
  /** Where it is configured, e.g. `prometheus.queries.CPUUtilization[0]`. */
  readonly setting: string;
}

/** One query_range request window: evaluation times `start`, `start + step`, …, `end` (all inclusive). */
export interface PromWindow {
  readonly start: number;
  readonly end: number;
}

/** Prometheus refuses a query_range answer of more points than this per series (`exceeded maximum resolution`). */
export const PROMETHEUS_MAX_POINTS = 11_000;

/** Families from the `prometheus.queries` setting, flattened into queries in a stable order. */
export function promQueriesOf(
  families: Readonly<Record<string, { readonly queries: readonly string[]; readonly unit: string }>>,
): PromQuery[] {
  return Object.entries(families).flatMap(([family, { queries, unit }]) =>
    queries.map((query, i) => ({ family, unit, query, setting: `prometheus.queries.${family}[${i}]` })),
  );
}

/**
 * Splits the half-open range `[from, to)` into query_range windows on the step grid (multiples of
 * `stepMs` since the epoch, like the rest of ingestion), each with at most `maxPoints` evaluation
 * times, so no answer reaches Prometheus' 11,000-point limit. An empty list when no grid time lies
 * in the range.
 */
export function planPromWindows(range: TimeRange, stepMs: number, maxPoints: number): PromWindow[] {
  if (!(Number.isSafeInteger(maxPoints) && maxPoints >= 1 && maxPoints <= PROMETHEUS_MAX_POINTS))
    throw inputError(
      { field: 'prometheus.maxPointsPerQuery', value: maxPoints },
      `must be an integer from 1 to ${PROMETHEUS_MAX_POINTS}`,
    );
  const first = Math.ceil(range.from / stepMs) * stepMs;
  const last = Math.ceil(range.to / stepMs) * stepMs - stepMs;
  const windows: PromWindow[] = [];
  for (let start = first; start <= last; start += maxPoints * stepMs) {
    windows.push({ start, end: Math.min(last, start + (maxPoints - 1) * stepMs) });
  }
  return windows;
}
