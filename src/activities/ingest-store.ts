import {
  upsertObservations,
  upsertSeries,
  naturalKeyOf,
  type Db,
  type ObservationRow,
  type SeriesIdentity,
} from '../db';
import { aggregateHourly, type CleanedSeries, type SeriesKey } from '../ingest';
import type { Granularity } from '../shared';
import { heartbeat } from './heartbeat';

/** What one store call wrote, per granularity. */
export interface StoreCounts {
  readonly series: number;
  readonly points5m: number;
  readonly pointsHourly: number;
}

function identityOf(key: SeriesKey, granularity: Granularity): SeriesIdentity {
  return { ...key, granularity };
}

/**
 * Upserts cleaned 5-minute series and their hourly aggregates (mean in `value`, plus max and
 * sample count). Every write is an upsert on (series, timestamp), so a retried or repeated
 * chunk leaves exactly the same rows.
 */
export async function storeCleanedSeries(db: Db, cleaned: readonly CleanedSeries[]): Promise<StoreCounts> {
  const identities = cleaned.flatMap((s) => [identityOf(s.key, '5m'), identityOf(s.key, '1h')]);
  const ids = await upsertSeries(db, identities);
  const idOf = (identity: SeriesIdentity) => {
    const id = ids.get(naturalKeyOf(identity));
    if (id === undefined) throw new Error(`series ${naturalKeyOf(identity)} was not stored`);
    return id;
  };
  const fine: ObservationRow[] = [];
  const hourly: ObservationRow[] = [];
  for (const s of cleaned) {
    const fineId = idOf(identityOf(s.key, '5m'));
    for (const p of s.points) fine.push({ seriesId: fineId, t: p.t, value: p.v });
    const hourlyId = idOf(identityOf(s.key, '1h'));
    for (const h of aggregateHourly(s.points))
      hourly.push({ seriesId: hourlyId, t: h.t, value: h.mean, max: h.max, count: h.count });
  }
  // One call for both granularities: their rows are distinct (different series ids), and a file's
  // ~340 hourly rows alone cost a round of statements of their own (profiled in bench:ingest-profile).
  const points5m = fine.length;
  for (const row of hourly) fine.push(row);
  await upsertObservations(db, fine, (written) => heartbeat({ stage: 'store', written }));
  return { series: cleaned.length, points5m, pointsHourly: hourly.length };
}
