import {
  asModelVersionId,
  asSeriesId,
  type Granularity,
  type ModelVersionId,
  type SeriesId,
} from '../../shared';
import type { SeriesStatus } from './dashboard-repo';
import type { Db } from '../pool';

/** A series as the API lists it: its identity and its dashboard status line (null before the first refresh). */
export interface SeriesWithStatus {
  readonly id: SeriesId;
  readonly name: string;
  readonly namespace: string;
  readonly metric: string;
  readonly host: string;
  readonly unit: string;
  readonly granularity: Granularity;
  readonly stepSeconds: number;
  readonly active: boolean;
  readonly status: {
    readonly status: SeriesStatus;
    readonly lastObservationAt: number | null;
    readonly lastValue: number | null;
    readonly championModelVersionId: ModelVersionId | null;
    readonly championModelKind: string | null;
    readonly lastIssuedAt: number | null;
    readonly n24h: number | null;
    readonly mae24h: number | null;
    readonly coverage80_24h: number | null;
    readonly coverage95_24h: number | null;
    readonly asOf: number;
  } | null;
}

/** Which series `listSeriesWithStatus` returns: every given filter applies; ordered by id. */
export interface SeriesStatusFilter {
  readonly nameContains?: string;
  readonly granularity?: Granularity;
  readonly ids?: readonly SeriesId[];
  /** Only ids above this (keyset paging). */
  readonly afterId?: number;
  readonly limit: number;
}

interface Row {
  id: number;
  name: string;
  namespace: string;
  metric: string;
  host: string;
  unit: string;
  granularity: Granularity;
  step_seconds: number;
  active: number;
  status: SeriesStatus | null;
  last_observation_at: Date | null;
  last_value: number | null;
  champion_model_version_id: number | null;
  champion_model_kind: string | null;
  last_issued_at: Date | null;
  n_24h: number | null;
  mae_24h: number | null;
  coverage80_24h: number | null;
  coverage95_24h: number | null;
  as_of: Date | null;
}

const ms = (d: Date | null): number | null => d?.getTime() ?? null;

function fromRow(r: Row): SeriesWithStatus {
  const { status, as_of: asOf } = r;
  return {
    id: asSeriesId(r.id),
    ...{ name: r.name, namespace: r.namespace, metric: r.metric, host: r.host, unit: r.unit },
    ...{ granularity: r.granularity, stepSeconds: r.step_seconds, active: r.active === 1 },
    status:
      status === null || asOf === null
        ? null
        : {
            status,
            lastObservationAt: ms(r.last_observation_at),
            lastValue: r.last_value,
            championModelVersionId:
              r.champion_model_version_id === null ? null : asModelVersionId(r.champion_model_version_id),
            championModelKind: r.champion_model_kind,
            lastIssuedAt: ms(r.last_issued_at),
            ...{ n24h: r.n_24h, mae24h: r.mae_24h },
            ...{ coverage80_24h: r.coverage80_24h, coverage95_24h: r.coverage95_24h },
            asOf: asOf.getTime(),
          },
  };
}

/** Series with their status line, read from `series` and the flat `dashboard_series_status`. */
export async function listSeriesWithStatus(db: Db, filter: SeriesStatusFilter): Promise<SeriesWithStatus[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.nameContains) {
    where.push('s.name LIKE ?');
    params.push(`%${filter.nameContains.replace(/[%_\\]/g, '\\$&')}%`);
  }
  if (filter.granularity) {
    where.push('s.granularity = ?');
    params.push(filter.granularity);
  }
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    where.push('s.id IN (?)');
    params.push(filter.ids);
  }
  if (filter.afterId !== undefined) {
    where.push('s.id > ?');
    params.push(filter.afterId);
  }
  const rows = await db.pool.query<Row[]>(
    `SELECT s.id, s.name, s.namespace, s.metric, s.host, s.unit, s.granularity, s.step_seconds, s.active,
       d.status, d.last_observation_at, d.last_value, d.champion_model_version_id, d.champion_model_kind,
       d.last_issued_at, d.n_24h, d.mae_24h, d.coverage80_24h, d.coverage95_24h, d.as_of
     FROM series s LEFT JOIN dashboard_series_status d ON d.series_id = s.id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.id LIMIT ?`,
    [...params, filter.limit],
  );
  return rows.map(fromRow);
}

/** One series with its status, or undefined. */
export async function getSeriesWithStatus(db: Db, id: SeriesId): Promise<SeriesWithStatus | undefined> {
  return (await listSeriesWithStatus(db, { ids: [id], limit: 1 }))[0];
}
