import { naturalKeyOf, upsertObservations, upsertSeries, type Db } from '../../src/db';
import type { SeriesId, TimeRange } from '../../src/shared';
import { generateHost, type HostOptions } from '../../bench/support/covariate-hosts';

export const HOUR = 3_600_000;
/** Where stored generated hosts start: a Monday, midnight. */
export const HOST_START = Date.UTC(2026, 10, 2);

/** A generated host as stored: its CPU series, its other series by name, and the range they cover. */
export interface StoredHost {
  readonly cpu: SeriesId;
  readonly others: Readonly<Record<string, SeriesId>>;
  readonly window: TimeRange;
}

/** Stores a generated host's hourly series under one CloudWatch instance id (the series' host). */
export async function storeGeneratedHost(db: Db, options: HostOptions): Promise<StoredHost> {
  const host = generateHost(options);
  const identity = (metric: string) => ({
    ...{ source: 'cloudwatch', namespace: 'AWS/EC2', metric, dimensions: { InstanceId: host.name } },
    ...{ host: host.name, site: '', unit: '', granularity: '1h' as const },
  });
  const metrics = { CPUUtilization: host.cpu, ...host.others };
  const identities = Object.keys(metrics).map(identity);
  const ids = await upsertSeries(db, identities);
  const idOf = (metric: string) => ids.get(naturalKeyOf(identity(metric))) as SeriesId;
  const rows = Object.entries(metrics).flatMap(([metric, values]) =>
    values.map((value, i) => ({ seriesId: idOf(metric), t: HOST_START + i * HOUR, value })),
  );
  await upsertObservations(db, rows);
  const others = Object.fromEntries(Object.keys(host.others).map((m) => [m, idOf(m)]));
  return {
    cpu: idOf('CPUUtilization'),
    others,
    window: { from: HOST_START, to: HOST_START + options.length * HOUR },
  };
}
