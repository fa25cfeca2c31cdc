import { listColdSeries, listUnchampionedSeries, type Db } from '../db';
import type { Granularity, SeriesId } from '../shared';

export interface ListBootstrapSeriesInput {
  readonly granularity: Granularity;
  readonly horizon: number;
  /** The backfill's first hour: training data must end before it. */
  readonly asOf: number;
  readonly trainingDays: number;
  readonly minPoints: number;
  /** Leave out series whose last retrain started less than this long before `asOf` (default: none left out). */
  readonly cooldownMs?: number;
  /** At most this many series, lowest ids first. */
  readonly limit?: number;
}

export interface ListColdStartSeriesInput {
  readonly granularity: Granularity;
  readonly horizon: number;
  /** The cycle's hour: points before it count. */
  readonly asOf: number;
  readonly trainingDays: number;
  /** At least this many points (a day)… */
  readonly minPoints: number;
  /** …and fewer than per-series training needs. */
  readonly maxPoints: number;
  /** Leave out series whose last global-model run used data up to less than this long before `asOf`. */
  readonly cooldownMs: number;
  readonly limit: number;
}

/** Activities a backfill uses to give every series a first champion trained on its own past. */
export function createBootstrapActivities(deps: { readonly db: Db }) {
  return {
    /** Series without a champion that have enough data before `asOf` to train one. */
    async listBootstrapSeries(input: ListBootstrapSeriesInput): Promise<SeriesId[]> {
      const window = { from: input.asOf - input.trainingDays * 86_400_000, to: input.asOf };
      const notTriedSince = input.cooldownMs === undefined ? undefined : input.asOf - input.cooldownMs;
      return listUnchampionedSeries(deps.db, { ...input, window, notTriedSince });
    },

    /** Series without a champion with a little history, too little to train per series (cold start). */
    async listColdStartSeries(input: ListColdStartSeriesInput): Promise<SeriesId[]> {
      const window = { from: input.asOf - input.trainingDays * 86_400_000, to: input.asOf };
      return listColdSeries(deps.db, { ...input, window, notTriedSince: input.asOf - input.cooldownMs });
    },
  };
}
