import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';

export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
export const REGION = 'us-east-1';
export const T0 = Date.UTC(2024, 0, 1);
export const STEP = 300_000;
/** Two hours of 5-minute slots. */
export const SLOTS = 24;
export const INSTANCES = ['i-0aaaaaaaaaaaaaaa1', 'i-0bbbbbbbbbbbbbbb2', 'i-0ccccccccccccccc3'];
export const EC2_METRICS = ['CPUUtilization', 'NetworkIn', 'NetworkOut'];
export const MEMORY = { namespace: 'CWAgent', metric: 'mem_used_percent' };

/** Seeded series: one per (instance, metric), metric order as the planner uses (EC2 metrics, then memory). */
export interface Seeded {
  instance: string;
  namespace: string;
  metric: string;
  points: { t: number; v: number }[];
}

/**
 * Exact, distinct values (instance × 1000 + metric × 100 + slot) with holes that differ per series,
 * so a value in the wrong series or slot, or a hole filled by mistake, fails the test.
 */
export function seededSeries(): Seeded[] {
  const metrics = [...EC2_METRICS.map((metric) => ({ namespace: 'AWS/EC2', metric })), MEMORY];
  return INSTANCES.flatMap((instance, i) =>
    metrics.map(({ namespace, metric }, m) => {
      const missing = new Set([(i + m) % SLOTS, (3 * i + 5 * m + 7) % SLOTS, 13 + i]);
      const points = Array.from({ length: SLOTS }, (_, s) => s)
        .filter((s) => !missing.has(s))
        .map((s) => ({ t: T0 + s * STEP, v: (i + 1) * 1000 + (m + 1) * 100 + s + 0.25 }));
      return { instance, namespace, metric, points };
    }),
  );
}

/** Puts every seeded datapoint with PutMetricData. */
export async function seedCloudWatch(endpoint: string, series: readonly Seeded[]): Promise<void> {
  const client = new CloudWatchClient({ region: REGION, endpoint, credentials: CREDENTIALS });
  try {
    for (const s of series) {
      await client.send(
        new PutMetricDataCommand({
          Namespace: s.namespace,
          MetricData: s.points.map((p) => ({
            MetricName: s.metric,
            Dimensions: [{ Name: 'InstanceId', Value: s.instance }],
            Timestamp: new Date(p.t),
            Value: p.v,
          })),
        }),
      );
    }
  } finally {
    client.destroy();
  }
}
