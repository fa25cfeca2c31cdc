import type { CleanedSeries, DropReport } from '../ingest';
import { MAX_LISTED_DROPS, type IngestSummary } from '../shared';
import type { StoreCounts } from './ingest-store';

/** Folds what the cleaner kept and dropped and what the store wrote into one summary. */
export function summarise(
  counts: StoreCounts,
  kept: readonly CleanedSeries[],
  dropped: readonly DropReport[],
): IngestSummary {
  return {
    ...counts,
    filled: kept.reduce((n, s) => n + s.filled, 0),
    gaps: kept.reduce((n, s) => n + s.gaps.length, 0),
    dropped: dropped.length,
    drops: dropped.slice(0, MAX_LISTED_DROPS).map((d) => ({
      series: `${d.key.namespace}/${d.key.metric}/${d.key.host}`,
      reason: d.reason,
      detail: d.detail,
    })),
  };
}
