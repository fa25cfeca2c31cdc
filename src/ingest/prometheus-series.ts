import { IngestInputError } from './errors';
import { normaliseHost } from './normalise-host';
import { formatLabels, promAnswerError, type PromMatrixSeries } from './parse-prometheus';
import type { PromQuery } from './prometheus-plan';
import type { SeriesKey } from './types';

/** How label sets become series identities. */
export interface PromLabelRules {
  /** Labels kept as dimensions besides the host (`prometheus.labels`, default job and site). */
  readonly keepLabels: readonly string[];
  /** Domain suffixes trimmed from hosts (`ingest.hostDomainSuffixes`). */
  readonly hostSuffixes: readonly string[];
}

/** Series of every Prometheus source share this namespace: `prometheus/CPUUtilization/web-01@5m`. */
export const PROMETHEUS_NAMESPACE = 'prometheus';

/**
 * The host an `instance` label names: its port dropped (`web-01:9100`, `[::1]:9100`), then
 * normalised like every other source (`normaliseHost`). A bare IPv6 address keeps its colons.
 */
export function hostOfInstance(instance: string, suffixes: readonly string[]): string {
  const trimmed = instance.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed);
  if (bracketed?.[1]) return normaliseHost(bracketed[1], suffixes);
  const withPort = /^([^:]+):\d+$/.exec(trimmed);
  return normaliseHost(withPort?.[1] ?? trimmed, suffixes);
}

/**
 * The series identity of one result of `q`: metric = the family, host from `instance`, dimensions =
 * the host plus the kept labels present (`site` also fills the key's site). Other labels (`__name__`,
 * `device`, …) are not part of the identity, so two results that differ only in them collide.
 */
export function seriesKeyOf(
  q: PromQuery,
  labels: Readonly<Record<string, string>>,
  rules: PromLabelRules,
): SeriesKey {
  const instance = labels.instance;
  if (instance === undefined || instance.trim() === '')
    throw promAnswerError(
      q,
      `series ${formatLabels(labels)}`,
      'must carry an instance label, which names the host (keep it in the query, e.g. `sum by (instance, job) (...)`)',
    );
  const host = hostOfInstance(instance, rules.hostSuffixes);
  const dimensions: Record<string, string> = { host };
  for (const name of rules.keepLabels) {
    const value = labels[name];
    if (value !== undefined && value !== '' && name !== 'host') dimensions[name] = value;
  }
  return {
    source: 'prometheus',
    namespace: PROMETHEUS_NAMESPACE,
    metric: q.family,
    dimensions,
    host,
    site: labels.site ?? '',
    unit: q.unit,
  };
}

/** Identity of a key inside one fetch: family and canonical dimensions. */
function identityOf(key: SeriesKey): string {
  const dims = Object.keys(key.dimensions)
    .sort()
    .map((k) => [k, key.dimensions[k]]);
  return JSON.stringify([key.metric, dims]);
}

/** Gathers the results of every query and window into one series per identity, refusing collisions. */
export class PromSeriesCollector {
  private readonly byIdentity = new Map<
    string,
    { key: SeriesKey; labels: string; setting: string; t: number[]; v: number[] }
  >();

  constructor(private readonly rules: PromLabelRules) {}

  /**
   * Adds one answer's series. The same label set seen again (a later window) extends its series;
   * a different label set with the same identity (another port, a label not kept) is refused.
   */
  add(q: PromQuery, results: readonly PromMatrixSeries[]): void {
    for (const result of results) {
      const key = seriesKeyOf(q, result.labels, this.rules);
      const id = identityOf(key);
      const labels = formatLabels(result.labels);
      let entry = this.byIdentity.get(id);
      if (entry === undefined) {
        entry = { key, labels, setting: q.setting, t: [], v: [] };
        this.byIdentity.set(id, entry);
      } else if (entry.labels !== labels || entry.setting !== q.setting) {
        throw collision(q, key, entry, labels);
      }
      for (const p of result.points) {
        entry.t.push(p.t);
        entry.v.push(p.v);
      }
    }
  }

  /** Every series gathered, in the order first seen, with its times and values as parallel arrays. */
  series(): Array<{ key: SeriesKey; t: number[]; v: number[] }> {
    return [...this.byIdentity.values()].map(({ key, t, v }) => ({ key, t, v }));
  }
}

function collision(
  q: PromQuery,
  key: SeriesKey,
  first: { labels: string; setting: string },
  labels: string,
): IngestInputError {
  const dims = Object.entries(key.dimensions)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const from = first.setting === q.setting ? '' : ` (the first from ${first.setting})`;
  return new IngestInputError(
    `${q.setting} (${q.query}): label sets ${first.labels} and ${labels}${from} both map to series ` +
      `${key.metric} {${dims}}: aggregate or relabel them apart in PromQL, or keep the label that ` +
      `tells them apart in prometheus.labels`,
    { file: q.setting, field: 'labels', value: labels },
  );
}
