/**
 * The ingestion contract shared by the parsers, the CloudWatch adapter, cleaning and aggregation.
 * Times are epoch milliseconds (UTC); values are finite numbers (validated where data enters).
 */

/** Identifies one metric series; the database layer derives its natural unique key from it. */
export interface SeriesKey {
  source: 'cloudwatch' | 'file' | 'prometheus';
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  /** Normalised host name (see `normaliseHost`). */
  host: string;
  /** Region for CloudWatch series, e.g. `us-east-1`; `''` when unknown. */
  site: string;
  /** CloudWatch unit (`Percent`, `Bytes`, `Count`), `''` when unknown. */
  unit: string;
}

/** One observation. */
export interface Point {
  /** Epoch ms UTC. */
  t: number;
  v: number;
}

/** A series as it arrives: points may be unsorted, gappy or off the step grid. */
export interface RawSeries {
  key: SeriesKey;
  points: Point[];
}

/** A series on a regular grid: sorted, short gaps interpolated, gaps longer than `maxGapMs` left out. */
export interface CleanedSeries {
  key: SeriesKey;
  stepMs: number;
  points: Point[];
  /** How many points were interpolated. */
  filled: number;
  /** Gaps left unfilled (longer than `maxGapMs`, or at the edges of the requested range). */
  gaps: GapReport[];
}

/** A run of missing grid slots: `from` and `to` are the first and last missing slot (both inclusive). */
export interface GapReport {
  from: number;
  to: number;
  missingPoints: number;
}

/** Why cleaning dropped a series. */
export type DropReason = 'all-zero' | 'constant' | 'sparse' | 'name-pattern' | 'empty';

/** A dropped series with the reason and a sentence a person can act on. */
export interface DropReport {
  key: SeriesKey;
  reason: DropReason;
  detail: string;
}

/** One UTC hour of a series: `t` is the hour's start. */
export interface HourlyPoint {
  t: number;
  mean: number;
  max: number;
  /** Points that fell in the hour; fewer than 12 (at 5-minute steps) marks a partial hour. */
  count: number;
}
