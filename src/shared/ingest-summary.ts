/** What one ingestion step did: small enough to cross Temporal, specific enough to act on. */
export interface IngestSummary {
  readonly series: number;
  readonly points5m: number;
  readonly pointsHourly: number;
  readonly filled: number;
  readonly gaps: number;
  readonly dropped: number;
  readonly drops: readonly { readonly series: string; readonly reason: string; readonly detail: string }[];
}

/** Drops listed in full up to this many; Temporal payloads stay small whatever the fleet size. */
export const MAX_LISTED_DROPS = 50;

export const EMPTY_SUMMARY: IngestSummary = {
  series: 0,
  points5m: 0,
  pointsHourly: 0,
  filled: 0,
  gaps: 0,
  dropped: 0,
  drops: [],
};

/** Adds two summaries (the ingest workflow folds chunk summaries into a running total). */
export function addSummaries(a: IngestSummary, b: IngestSummary): IngestSummary {
  return {
    series: a.series + b.series,
    points5m: a.points5m + b.points5m,
    pointsHourly: a.pointsHourly + b.pointsHourly,
    filled: a.filled + b.filled,
    gaps: a.gaps + b.gaps,
    dropped: a.dropped + b.dropped,
    drops: [...a.drops, ...b.drops].slice(0, MAX_LISTED_DROPS),
  };
}
