import type { PoolConnection } from 'mariadb';
import { FieldValueError, type Granularity, type SeriesId } from '../shared';
import { showValue } from './repo-errors';

/** What a model is registered for: one series at one granularity and horizon. */
export interface ModelKey {
  readonly seriesId: SeriesId;
  readonly granularity: Granularity;
  readonly horizon: number;
}

/** Bad input or a refused move; `field` names where, `value` what was found. */
export class RegistryError extends FieldValueError {
  override readonly name = 'RegistryError';
}

/** Throws a `RegistryError` with `message` as given. @internal */
export function refuse(field: string, value: unknown, message: string): never {
  throw new RegistryError(field, value, message);
}
/** Throws a `RegistryError` reading `<field> must <rule>, got <value>`. @internal */
export function fail(field: string, value: unknown, rule: string): never {
  refuse(field, value, `${field} must ${rule}, got ${showValue(value)}`);
}

/** A pool or a connection inside a transaction. @internal */
export type Queryable = Pick<PoolConnection, 'query'>;
/** SQL matching the rows of one `ModelKey`; its parameters come from `keyParams`. @internal */
export const KEY_WHERE = 'series_id = ? AND granularity = ? AND horizon = ?';
/** The parameters of `KEY_WHERE` for `k`. @internal */
export const keyParams = (k: ModelKey): unknown[] => [k.seriesId, k.granularity, k.horizon];

/**
 * Every registry write locks its series row first, so registrations and alias moves of one series
 * run one at a time: versions are numbered 1, 2, 3… without gaps, retries or gap-lock deadlocks, and
 * the plain reads that follow (InnoDB takes their snapshot after this lock) see every earlier commit.
 * @internal
 */
export async function lockSeries(conn: Queryable, seriesId: SeriesId): Promise<void> {
  const rows = await conn.query<unknown[]>('SELECT id FROM series WHERE id = ? FOR UPDATE', [seriesId]);
  if (rows.length === 0) fail('seriesId', seriesId, 'name an existing series');
}
