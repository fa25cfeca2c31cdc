/**
 * Branded identifiers: numbers and strings that are easy to mix up get their own types.
 * Pure and dependency-free, so workflows, activities and the database layer can all share them.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Row id of a series in MariaDB. */
export type SeriesId = Brand<number, 'SeriesId'>;
/** Row id of a registered model version. */
export type ModelVersionId = Brand<number, 'ModelVersionId'>;

export const asSeriesId = (id: number): SeriesId => id as SeriesId;
export const asModelVersionId = (id: number): ModelVersionId => id as ModelVersionId;

/** Granularities metricast stores, with their step in milliseconds. */
export const Granularity = { fiveMinutes: '5m', hourly: '1h' } as const;
export type Granularity = (typeof Granularity)[keyof typeof Granularity];
export const STEP_MS: Readonly<Record<Granularity, number>> = { '5m': 300_000, '1h': 3_600_000 };
/** Steps forecast ahead by default: 6 hours hourly, 1 hour at 5 minutes. Part of the registry key. */
export const DEFAULT_HORIZON: Readonly<Record<Granularity, number>> = { '1h': 6, '5m': 12 };

/** A half-open time range [from, to) in epoch milliseconds, UTC. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}
