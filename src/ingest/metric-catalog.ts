/**
 * What ingest knows about metric names: NAB file-name tokens to CloudWatch names, units, and which
 * namespace a bare metric name (from a CloudWatch `Label`) belongs to.
 */

/** NAB snake_case tokens whose CloudWatch spelling is not plain PascalCase. */
const ACRONYMS: Readonly<Record<string, string>> = {
  cpu: 'CPU',
  asg: 'ASG',
  elb: 'ELB',
  rds: 'RDS',
  io: 'IO',
};

/** `cpu_utilization` → `CPUUtilization`, `disk_write_bytes` → `DiskWriteBytes`. */
export function metricFromSnake(snake: string): string {
  return snake
    .split('_')
    .filter(Boolean)
    .map((word) => ACRONYMS[word] ?? word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

const UNITS: Readonly<Record<string, string>> = {
  CPUUtilization: 'Percent',
  NetworkIn: 'Bytes',
  NetworkOut: 'Bytes',
  DiskReadBytes: 'Bytes',
  DiskWriteBytes: 'Bytes',
  DiskReadOps: 'Count',
  DiskWriteOps: 'Count',
  NetworkPacketsIn: 'Count',
  NetworkPacketsOut: 'Count',
  RequestCount: 'Count',
  mem_used_percent: 'Percent',
};

/** The CloudWatch unit of a well-known metric, `''` when unknown. */
export function unitOf(metric: string): string {
  return UNITS[metric] ?? '';
}

/** Namespaces of bare metric names, used when a CloudWatch `Label` names only the metric. */
export const DEFAULT_METRIC_NAMESPACES: Readonly<Record<string, string>> = {
  CPUUtilization: 'AWS/EC2',
  NetworkIn: 'AWS/EC2',
  NetworkOut: 'AWS/EC2',
  DiskReadBytes: 'AWS/EC2',
  DiskWriteBytes: 'AWS/EC2',
  mem_used_percent: 'CWAgent',
};
