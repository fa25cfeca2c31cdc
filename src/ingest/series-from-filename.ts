import { inputError } from './errors';
import { metricFromSnake, unitOf } from './metric-catalog';
import type { SeriesKey } from './types';

/** Options of `seriesFromFilename`. */
export interface SeriesFromFilenameOptions {
  /** When given, a metric outside this list is an error instead of a new series. */
  readonly knownMetrics?: readonly string[];
}

/** NAB prefixes: namespace and the dimension the hash stands in for. */
const SERVICES: Readonly<Record<string, { namespace: string; dimension: string }>> = {
  ec2: { namespace: 'AWS/EC2', dimension: 'InstanceId' },
  elb: { namespace: 'AWS/ELB', dimension: 'LoadBalancerName' },
  rds: { namespace: 'AWS/RDS', dimension: 'DBInstanceIdentifier' },
};

const NAB = /^(ec2|elb|rds)_([a-z0-9_]+?)_([0-9a-f]{6})$/;
const IIO = /^iio_([a-z]{2}(?:-[a-z]+)+-\d+)_(i-[0-9a-f]+)_([A-Za-z0-9]+)$/;
const GROK = /^grok_([a-z0-9]+)_[a-z0-9_]+$/;

/**
 * Derives a series key from a NAB file name (directory and `.csv` are ignored):
 * - `ec2_cpu_utilization_24ae8d` → `AWS/EC2` `CPUUtilization`, host `24ae8d` (also `elb_`, `rds_`);
 * - `iio_us-east-1_i-a2eb1cd9_NetworkIn` → `AWS/EC2` `NetworkIn`, host `i-a2eb1cd9`, site `us-east-1`;
 * - `grok_asg_anomaly` → namespace `Grok`, metric `ASG`, host `grok_asg_anomaly`;
 * - anything else → namespace `file`, metric and host the file stem.
 * Throws `IngestInputError` when `knownMetrics` is given and the metric is not in it.
 */
export function seriesFromFilename(fileName: string, options: SeriesFromFilenameOptions = {}): SeriesKey {
  const stem = stemOf(fileName);
  if (stem.trim() === '')
    throw inputError({ file: fileName, field: 'file name', value: fileName }, 'must have a stem');
  const key = keyOf(stem);
  if (options.knownMetrics && !options.knownMetrics.includes(key.metric)) {
    throw inputError(
      { file: fileName, field: 'metric', value: key.metric },
      `must be one of ${options.knownMetrics.join(', ')} (derived from the file name)`,
    );
  }
  return key;
}

function keyOf(stem: string): SeriesKey {
  const nab = NAB.exec(stem);
  if (nab) {
    const [, prefix = '', snake = '', hash = ''] = nab;
    const service = SERVICES[prefix] ?? { namespace: 'file', dimension: 'Host' };
    return key(service.namespace, metricFromSnake(snake), { [service.dimension]: hash }, hash, '');
  }
  const iio = IIO.exec(stem);
  if (iio) {
    const [, region = '', instance = '', metric = ''] = iio;
    return key('AWS/EC2', metric, { InstanceId: instance }, instance, region);
  }
  const grok = GROK.exec(stem);
  if (grok) return key('Grok', metricFromSnake(grok[1] ?? ''), {}, stem, '');
  return key('file', stem, {}, stem.toLowerCase(), '');
}

function key(
  namespace: string,
  metric: string,
  dimensions: Record<string, string>,
  host: string,
  site: string,
): SeriesKey {
  return { source: 'file', namespace, metric, dimensions, host, site, unit: unitOf(metric) };
}

/** `data/x/ec2_cpu_utilization_24ae8d.csv` → `ec2_cpu_utilization_24ae8d`. */
function stemOf(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  return base.toLowerCase().endsWith('.csv') ? base.slice(0, -4) : base;
}
