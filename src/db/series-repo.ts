import { createHash } from 'node:crypto';
import { asSeriesId, STEP_MS, type Granularity, type SeriesId } from '../shared';
import type { Db } from './pool';

/** The identity of a stored series: what the ingestion core calls a series key, plus its granularity. */
export interface SeriesIdentity {
  readonly source: string;
  readonly namespace: string;
  readonly metric: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly host: string;
  readonly site: string;
  readonly unit: string;
  readonly granularity: Granularity;
}

export interface SeriesRow extends SeriesIdentity {
  readonly id: SeriesId;
  readonly name: string;
  readonly naturalKey: string;
  readonly active: boolean;
}

/** Dimensions in key order, so the same dimensions always hash alike. */
function canonicalDimensions(dimensions: Readonly<Record<string, string>>): string {
  const sorted = Object.keys(dimensions)
    .sort()
    .map((k) => [k, dimensions[k]]);
  return JSON.stringify(Object.fromEntries(sorted));
}

/** The natural key: a hash of what makes a stream unique (host and site are derived from dimensions). */
export function naturalKeyOf(s: SeriesIdentity): string {
  const canonical = JSON.stringify([
    s.source,
    s.namespace,
    s.metric,
    canonicalDimensions(s.dimensions),
    s.granularity,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The name people see: `AWS/EC2/CPUUtilization/web-01@5m`. */
export function displayNameOf(s: SeriesIdentity): string {
  return `${s.namespace}/${s.metric}/${s.host}@${s.granularity}`;
}

/**
 * Creates missing series rows (existing ones keep their id) and returns the id of each input,
 * keyed by natural key. Safe to run twice.
 */
export async function upsertSeries(
  db: Db,
  series: readonly SeriesIdentity[],
): Promise<Map<string, SeriesId>> {
  if (series.length === 0) return new Map();
  const rows = series.map((s) => [
    naturalKeyOf(s),
    displayNameOf(s),
    s.source,
    s.namespace,
    s.metric,
    canonicalDimensions(s.dimensions),
    s.host,
    s.site,
    s.unit,
    s.granularity,
    STEP_MS[s.granularity] / 1000,
  ]);
  // One multi-row statement per 500 series: far faster than the driver's batch() here (see observations-repo).
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db.pool.query(
      `INSERT INTO series (natural_key, name, source, namespace, metric, dimensions, host, site, unit, granularity, step_seconds)
       VALUES ${new Array<string>(chunk.length).fill('(?,?,?,?,?,?,?,?,?,?,?)').join(',')}
       ON DUPLICATE KEY UPDATE name = VALUES(name), host = VALUES(host), site = VALUES(site), unit = VALUES(unit)`,
      chunk.flat(),
    );
  }
  const keys = rows.map((r) => r[0] as string);
  const found = await db.pool.query<Array<{ id: number; natural_key: string }>>(
    'SELECT id, natural_key FROM series WHERE natural_key IN (?)',
    [keys],
  );
  return new Map(found.map((r) => [r.natural_key, asSeriesId(r.id)]));
}

interface SeriesDbRow {
  id: number;
  natural_key: string;
  name: string;
  source: string;
  namespace: string;
  metric: string;
  dimensions: string | Record<string, string>;
  host: string;
  site: string;
  unit: string;
  granularity: Granularity;
  active: number;
}

function fromRow(r: SeriesDbRow): SeriesRow {
  const dimensions =
    typeof r.dimensions === 'string' ? (JSON.parse(r.dimensions) as Record<string, string>) : r.dimensions;
  return {
    id: asSeriesId(r.id),
    naturalKey: r.natural_key,
    name: r.name,
    source: r.source,
    namespace: r.namespace,
    metric: r.metric,
    dimensions,
    host: r.host,
    site: r.site,
    unit: r.unit,
    granularity: r.granularity,
    active: r.active === 1,
  };
}

export interface SeriesFilter {
  readonly granularity?: Granularity;
  readonly activeOnly?: boolean;
  /** Substring of the display name. */
  readonly nameContains?: string;
  readonly ids?: readonly SeriesId[];
}

/** Lists series, ordered by id. */
export async function listSeries(db: Db, filter: SeriesFilter = {}): Promise<SeriesRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]): void => {
    where.push(clause);
    params.push(...values);
  };
  if (filter.granularity) add('granularity = ?', filter.granularity);
  if (filter.activeOnly) add('active = 1');
  if (filter.nameContains) add('name LIKE ?', `%${filter.nameContains.replace(/[%_\\]/g, '\\$&')}%`);
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    add('id IN (?)', filter.ids);
  }
  const sql = `SELECT * FROM series ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
  return (await db.pool.query<SeriesDbRow[]>(sql, params)).map(fromRow);
}
