import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsvPoints } from '../../../src/ingest';
import type { PromQuery } from '../../../src/ingest';
import { nabDir } from './paths';

/** A bundled NAB series as Prometheus will hold it: a metric name and the labels of one target. */
export interface HistorySeries {
  readonly file: string;
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Four bundled series on the 5-minute grid (their timestamps fall on :00, :05, …), over three
 * stretches of time; the RDS one has a 10-minute hole, and the instances are written as
 * exporters write them: with a port, a domain, an IPv6 address in brackets.
 */
export const HISTORY: readonly HistorySeries[] = [
  {
    file: 'ec2_cpu_utilization_24ae8d.csv',
    metric: 'nab_cpu_utilization_percent',
    labels: { instance: 'ip-10-0-0-24.ec2.internal:9100', job: 'node', site: 'us-east-1' },
  },
  {
    file: 'rds_cpu_utilization_cc0c53.csv',
    metric: 'nab_cpu_utilization_percent',
    labels: { instance: 'db-cc0c53.example.com:9187', job: 'rds' },
  },
  {
    file: 'ec2_disk_write_bytes_c0d644.csv',
    metric: 'nab_disk_write_bytes',
    labels: { instance: 'i-c0d644:9100', job: 'node' },
  },
  {
    file: 'iio_us-east-1_i-a2eb1cd9_NetworkIn.csv',
    metric: 'nab_network_in_bytes',
    labels: { instance: '[fd00::a2eb]:9100', job: 'node', site: 'us-east-1' },
  },
];

/** The families the history is read back with: one per metric, its name as metricast calls it. */
export const HISTORY_QUERIES: readonly PromQuery[] = [
  {
    family: 'CPUUtilization',
    unit: 'Percent',
    query: 'nab_cpu_utilization_percent',
    setting: 'prometheus.queries.CPUUtilization[0]',
  },
  {
    family: 'DiskWriteBytes',
    unit: 'Bytes',
    query: 'nab_disk_write_bytes',
    setting: 'prometheus.queries.DiskWriteBytes[0]',
  },
  {
    family: 'NetworkIn',
    unit: 'Bytes',
    query: 'nab_network_in_bytes',
    setting: 'prometheus.queries.NetworkIn[0]',
  },
];

/** The CSV rows of a bundled file as text: times in epoch seconds, values exactly as written. */
function csvRows(file: string): Array<{ seconds: number; value: string }> {
  const lines = readFileSync(path.join(nabDir(), file), 'utf8').trim().split(/\r?\n/).slice(1);
  return lines.map((line) => {
    const [ts = '', value = ''] = line.split(',');
    return { seconds: Date.parse(`${ts.replace(' ', 'T')}Z`) / 1000, value };
  });
}

/** The points of a bundled file as the file ingestion parses them. */
export function csvPoints(file: string): Array<{ t: number; v: number }> {
  return parseCsvPoints(readFileSync(path.join(nabDir(), file), 'utf8'), file);
}

/**
 * OpenMetrics text of `series` for `promtool tsdb create-blocks-from openmetrics`: one gauge family
 * per metric, each series' samples together and in time order, every value the CSV's own text.
 */
export function openMetricsOf(series: readonly HistorySeries[]): string {
  const lines: string[] = [];
  for (const metric of [...new Set(series.map((s) => s.metric))]) {
    lines.push(`# TYPE ${metric} gauge`);
    for (const s of series.filter((x) => x.metric === metric)) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',');
      for (const row of csvRows(s.file)) lines.push(`${metric}{${labels}} ${row.value} ${row.seconds}`);
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}
