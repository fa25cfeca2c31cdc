import { asModelVersionId, type ModelVersionId } from '../shared';
import type { Db } from './pool';
import { KEY_WHERE, keyParams, type ModelKey, type Queryable } from './registry-common';

/** `champion` serves forecasts; `challenger` is evaluated beside it until promoted. */
export const ModelAlias = { champion: 'champion', challenger: 'challenger' } as const;
export type ModelAlias = (typeof ModelAlias)[keyof typeof ModelAlias];

export const AliasAction = { promote: 'promote', rollback: 'rollback', set: 'set' } as const;
export type AliasAction = (typeof AliasAction)[keyof typeof AliasAction];

/** One alias move. A null `toVersionId` means the alias was cleared (a challenger once promoted). */
export interface AliasMove {
  readonly alias: ModelAlias;
  readonly fromVersionId: ModelVersionId | null;
  readonly toVersionId: ModelVersionId | null;
  readonly action: AliasAction;
  readonly reason: string;
}

/** An alias move as recorded in the history. */
export interface AliasHistoryEntry extends AliasMove {
  readonly id: number;
  readonly at: number;
}

/** Points (or clears) an alias and records the move; the caller holds the series lock. @internal */
export async function moveAlias(conn: Queryable, key: ModelKey, move: AliasMove): Promise<AliasMove> {
  const target = [...keyParams(key), move.alias];
  if (move.toVersionId === null)
    await conn.query(`DELETE FROM model_aliases WHERE ${KEY_WHERE} AND alias = ?`, target);
  else
    await conn.query(
      `INSERT INTO model_aliases (series_id, granularity, horizon, alias, model_version_id) VALUES (?,?,?,?,?)
       ON DUPLICATE KEY UPDATE model_version_id = VALUES(model_version_id)`,
      [...target, move.toVersionId],
    );
  await conn.query(
    `INSERT INTO model_alias_history (series_id, granularity, horizon, alias, from_version_id, to_version_id, action, reason)
     VALUES (?,?,?,?,?,?,?,?)`,
    [...target, move.fromVersionId, move.toVersionId, move.action, move.reason],
  );
  return move;
}

/** The latest champion move: what a retried promote or rollback compares itself with. @internal */
export async function lastChampionMove(
  conn: Queryable,
  key: ModelKey,
): Promise<AliasHistoryEntry | undefined> {
  return (await selectHistory(conn, key, "AND alias = 'champion'", [], 'DESC LIMIT 1'))[0];
}

interface HistoryDbRow {
  id: number;
  alias: ModelAlias;
  from_version_id: number | null;
  to_version_id: number | null;
  action: AliasAction;
  reason: string;
  at: Date;
}

/** History rows of `key` narrowed by the SQL in `and`, by id. @internal shared with the aliases repository. */
export async function selectHistory(
  conn: Queryable,
  key: ModelKey,
  and: string,
  params: unknown[],
  order: 'ASC' | 'DESC LIMIT 1',
): Promise<AliasHistoryEntry[]> {
  const rows = await conn.query<HistoryDbRow[]>(
    `SELECT id, alias, from_version_id, to_version_id, action, reason, at FROM model_alias_history
     WHERE ${KEY_WHERE} ${and} ORDER BY id ${order}`,
    [...keyParams(key), ...params],
  );
  const version = (id: number | null): ModelVersionId | null => (id === null ? null : asModelVersionId(id));
  return rows.map((r) => ({
    id: r.id,
    alias: r.alias,
    fromVersionId: version(r.from_version_id),
    toVersionId: version(r.to_version_id),
    action: r.action,
    reason: r.reason,
    at: r.at.getTime(),
  }));
}

/** Every alias move of a key, oldest first: which alias moved where, when, and why. */
export async function listAliasHistory(db: Db, key: ModelKey): Promise<AliasHistoryEntry[]> {
  return selectHistory(db.pool, key, '', [], 'ASC');
}
