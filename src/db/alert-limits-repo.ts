import {
  AlertLimitError,
  asAlertLimitId,
  asSeriesId,
  type AlertLimit,
  type AlertLimitId,
  type LimitSpec,
} from '../shared';
import type { Db } from './pool';

interface LimitRow {
  id: number;
  series_id: number | null;
  metric_pattern: string | null;
  threshold: number;
  direction: AlertLimit['direction'];
  basis: AlertLimit['basis'];
  also_actuals: number;
  cooldown_minutes: number;
  enabled: number;
}

function fromRow(r: LimitRow): AlertLimit {
  return {
    id: asAlertLimitId(r.id),
    seriesId: r.series_id === null ? null : asSeriesId(r.series_id),
    metricPattern: r.metric_pattern,
    threshold: r.threshold,
    direction: r.direction,
    basis: r.basis,
    alsoActuals: r.also_actuals === 1,
    cooldownMinutes: r.cooldown_minutes,
    enabled: r.enabled === 1,
  };
}

const COLUMNS = [
  'series_id',
  'metric_pattern',
  'threshold',
  'direction',
  'basis',
  'also_actuals',
  'cooldown_minutes',
  'enabled',
];
const UPDATED = ['metric_pattern', 'threshold', 'also_actuals', 'cooldown_minutes', 'enabled'];

/**
 * Stores a validated limit (see `parseLimitSpec`). One limit per (series or pattern, direction,
 * basis): setting the same one again updates its threshold, actuals flag, cooldown and state in
 * place and keeps its id. A series id that names no stored series is refused, nothing stored.
 */
export async function upsertLimit(db: Db, spec: LimitSpec): Promise<AlertLimit> {
  if (spec.seriesId !== null) {
    const found = await db.pool.query<unknown[]>('SELECT 1 FROM series WHERE id = ?', [spec.seriesId]);
    if (found.length === 0) throw new AlertLimitError('seriesId', spec.seriesId, 'name a stored series');
  }
  await db.pool.query(
    `INSERT INTO alert_limits (${COLUMNS.join(', ')}) VALUES (?,?,?,?,?,?,?,?)
     ON DUPLICATE KEY UPDATE ${UPDATED.map((c) => `${c} = VALUES(${c})`).join(', ')}`,
    [
      spec.seriesId,
      spec.metricPattern,
      spec.threshold,
      spec.direction,
      spec.basis,
      spec.alsoActuals,
      spec.cooldownMinutes,
      spec.enabled,
    ],
  );
  const scope =
    spec.seriesId !== null ? 'series_id = ?' : 'series_id IS NULL AND LOWER(metric_pattern) = LOWER(?)';
  const [row] = await db.pool.query<LimitRow[]>(
    `SELECT * FROM alert_limits WHERE ${scope} AND direction = ? AND basis = ?`,
    [spec.seriesId ?? spec.metricPattern, spec.direction, spec.basis],
  );
  if (!row) throw new Error(`alert limit vanished after upsert: ${JSON.stringify(spec)}`);
  return fromRow(row);
}

/** Limits ordered by id; only enabled ones when asked. */
export async function listLimits(
  db: Db,
  options: { readonly enabledOnly?: boolean } = {},
): Promise<AlertLimit[]> {
  const rows = await db.pool.query<LimitRow[]>(
    `SELECT * FROM alert_limits${options.enabledOnly ? ' WHERE enabled = 1' : ''} ORDER BY id`,
  );
  return rows.map(fromRow);
}

/** One limit, or undefined. */
export async function getLimit(db: Db, id: AlertLimitId): Promise<AlertLimit | undefined> {
  const [row] = await db.pool.query<LimitRow[]>('SELECT * FROM alert_limits WHERE id = ?', [id]);
  return row ? fromRow(row) : undefined;
}

/**
 * Deletes a limit; false when there was none. Its alerts stay as history, and any still open is
 * resolved by the next evaluation.
 */
export async function deleteLimit(db: Db, id: AlertLimitId): Promise<boolean> {
  const result = await db.pool.query<{ affectedRows: number }>('DELETE FROM alert_limits WHERE id = ?', [id]);
  return result.affectedRows > 0;
}
