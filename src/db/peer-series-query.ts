/**
 * Series a granularity's global model learns from when a new series has too little history of its
 * own (cold start): the newest active series of that granularity, one index range read.
 */
import { asSeriesId, type Granularity, type SeriesId } from '../shared';
import type { Db } from './pool';

/** What {@link peerSeriesIds} reads. */
export interface PeerSeriesInput {
  readonly granularity: Granularity;
  /** The series being started, left out. */
  readonly exclude: SeriesId;
  readonly limit: number;
}

/** Ids of up to `limit` active series of the granularity, newest first. */
export async function peerSeriesIds(db: Db, input: PeerSeriesInput): Promise<SeriesId[]> {
  const rows = await db.pool.query<Array<{ id: number }>>(
    'SELECT id FROM series WHERE granularity = ? AND active = 1 AND id <> ? ORDER BY id DESC LIMIT ?',
    [input.granularity, input.exclude, input.limit],
  );
  return rows.map((r) => asSeriesId(Number(r.id)));
}
