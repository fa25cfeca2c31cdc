import { listSeries, type Db, type SeriesRow } from '../db';
import { asSeriesId } from '../shared';
import { notFound } from './errors';

/** The stored series `id`, or a 404 naming `field` (`params.id`, `query.series`, `body.seriesId`). */
export async function requireSeries(db: Db, id: number, field: string): Promise<SeriesRow> {
  const [series] = await listSeries(db, { ids: [asSeriesId(id)] });
  if (!series) throw notFound(field, id, 'stored series');
  return series;
}
