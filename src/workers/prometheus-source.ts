import type { Config } from '../config';
import { createPrometheusSource, promQueriesOf, type PrometheusSource } from '../ingest';
import { STEP_MS } from '../shared';

/** The Prometheus source the settings describe, or undefined when `prometheus.url` is not set. */
export function prometheusSourceFromConfig(config: Config): PrometheusSource | undefined {
  const p = config.prometheus;
  if (!p.url) return undefined;
  return createPrometheusSource({
    url: p.url,
    queries: promQueriesOf(p.queries),
    labels: { keepLabels: p.labels, hostSuffixes: config.ingest.hostDomainSuffixes },
    // The 5-minute grid every source is stored on.
    stepMs: STEP_MS['5m'],
    maxPointsPerQuery: p.maxPointsPerQuery,
    maxAttempts: p.maxAttempts,
    timeoutMs: p.timeoutSeconds * 1000,
    auth: { bearerToken: p.bearerToken, username: p.username, password: p.password },
  });
}
