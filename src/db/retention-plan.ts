/**
 * Which time partitions a retention run adds and which it drops, decided from the partitions'
 * bounds alone (pure; `retention-repo.ts` reads the bounds and runs the ALTERs). A partition covers
 * a period of `periodDays` days (7 by default: weeks from Monday; 1: days); `pYYYYMMDD` is named
 * after its first day and created with the bound `VALUES LESS THAN (<first day + period>)`. It holds
 * its period and, where earlier days had no partition of their own, those days too. Decisions read
 * the bound, never the name, so a partition is dropped only when every row it can hold is older
 * than the cutoff, and a change of period mixes safely with the partitions already there.
 */

/** The tables partitioned by time (008_partitions.sql), with their partitioning column. */
export const PartitionedTable = { observations: 'observations', forecasts: 'forecasts' } as const;
export type PartitionedTable = (typeof PartitionedTable)[keyof typeof PartitionedTable];

/** Whitelisted identifiers: the only table and column names retention SQL is built with. */
export const PARTITION_COLUMN: Readonly<Record<PartitionedTable, string>> = {
  observations: 'ts',
  forecasts: 'target_at',
};

/** The catch-all partition above the bounded ones; never dropped. */
export const MAX_PARTITION = 'pmax';
/** MariaDB allows 8192 partitions per table; a plan beyond this is refused, not attempted. */
export const MAX_PARTITIONS = 8000;

export const DAY_MS = 86_400_000;

/** One partition as information_schema describes it; `lessThan` null means MAXVALUE. */
export interface Partition {
  readonly name: string;
  readonly lessThan: number | null;
}

/** Periods count from Monday 1970-01-05 UTC, so weekly partitions run Monday to Sunday. */
const PERIOD_ORIGIN = 4 * DAY_MS;

/** Start of the UTC day holding `t`. */
export function dayStart(t: number): number {
  return Math.floor(t / DAY_MS) * DAY_MS;
}

/** Start of the period of `periodDays` days holding `t` (the day itself for 1, the Monday for 7). */
export function periodStart(t: number, periodDays: number): number {
  const period = periodDays * DAY_MS;
  return Math.floor((t - PERIOD_ORIGIN) / period) * period + PERIOD_ORIGIN;
}

/** `p20260101`: the partition of the period starting at `day`. */
export function partitionName(day: number): string {
  return `p${new Date(day).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** `'2026-01-02'`: a day as the SQL literal of a partition bound (generated, never from input). */
export function boundLiteral(day: number): string {
  return `'${new Date(day).toISOString().slice(0, 10)}'`;
}

/** Parses `'2026-01-02'`, `'2026-01-02 00:00:00'` or `MAXVALUE` from PARTITION_DESCRIPTION. */
export function parseBound(description: string): number | null {
  if (description === 'MAXVALUE') return null;
  const body = description.replace(/^'|'$/g, '');
  const iso = body.length === 10 ? `${body}T00:00:00Z` : `${body.replace(' ', 'T')}Z`;
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) throw new Error(`partition bound must be a date or MAXVALUE, got ${description}`);
  return t;
}

/**
 * The time before which rows are expired: `keepDays` back from now, as Prometheus and every store
 * count it. "Now" is the older of the run's nominal time and the wall clock, so a run dated in the
 * future (a test, a mistyped backfill) can never expire rows that are inside the retention today.
 * Never counted from the data: that once dropped a whole bundled series because another one was
 * newer.
 */
export function retentionCutoff(asOf: number, wallClock: number, keepDays: number): number {
  return Math.min(asOf, wallClock) - keepDays * DAY_MS;
}

export interface PeriodsToAddInput {
  readonly partitions: readonly Partition[];
  /** Day starts of the rows sitting in `pmax` (rows newer than the last bounded partition). */
  readonly daysWithRows: readonly number[];
  readonly asOf: number;
  /** Partitions kept ready after the one holding `asOf`. */
  readonly aheadPeriods: number;
  readonly periodDays: number;
  readonly cutoff: number;
}

/**
 * The periods to split out of `pmax`, as period starts, ascending: every period holding rows in
 * `pmax`, the one holding `asOf` and `aheadPeriods` after it, above the last bound. Periods already
 * wholly expired collapse into one (the newest of them), since they are dropped in the same run.
 */
export function periodsToAdd(input: PeriodsToAddInput): number[] {
  const period = input.periodDays * DAY_MS;
  const bounds = input.partitions.map((p) => p.lessThan).filter((b): b is number => b !== null);
  const low = bounds.length > 0 ? Math.max(...bounds) : -Infinity;
  const now = periodStart(input.asOf, input.periodDays);
  const ahead = Array.from({ length: input.aheadPeriods + 1 }, (_, i) => now + i * period);
  const withRows = input.daysWithRows.map((d) => periodStart(d, input.periodDays));
  const starts = new Set([...withRows, ...ahead].filter((p) => p + period > low));
  const expired = [...starts].filter((p) => p + period <= input.cutoff);
  for (const p of expired) starts.delete(p);
  if (expired.length > 0) starts.add(Math.max(...expired));
  return [...starts].sort((a, b) => a - b);
}

/** Bounded partitions whose every possible row is older than `cutoff`; `pmax` never. */
export function expiredPartitions(partitions: readonly Partition[], cutoff: number): Partition[] {
  return partitions.filter((p) => p.lessThan !== null && p.lessThan <= cutoff);
}
