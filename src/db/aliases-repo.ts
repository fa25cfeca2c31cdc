import type { ModelArtifact } from '../forecast/types';
import { asModelVersionId, type ModelVersionId } from '../shared';
import {
  AliasAction,
  lastChampionMove,
  ModelAlias,
  moveAlias,
  selectHistory,
  type AliasMove,
} from './alias-history';
import { inTransaction, type Db } from './pool';
import {
  fail,
  KEY_WHERE,
  keyParams,
  lockSeries,
  refuse,
  type ModelKey,
  type Queryable,
} from './registry-common';
import { assertVersionKey, loadArtifact, selectVersions, type ModelVersion } from './registry-repo';

/** Makes a retried promote or rollback safe by naming the version the move is about. */
export interface AliasMoveOptions {
  /**
   * For `promote`, the challenger to promote; for `rollback`, the champion to roll back. If this very
   * move already committed, the recorded move is returned; if the alias moved elsewhere, the call is refused.
   */
  readonly versionId?: ModelVersionId;
}

const describeKey = (k: ModelKey): string => `series ${k.seriesId} (${k.granularity}, horizon ${k.horizon})`;

function assertReason(reason: string): void {
  if (!(reason.trim().length > 0 && reason.length <= 1000))
    fail('reason', reason, 'have 1 to 1000 characters');
}

async function aliasesOf(
  conn: Queryable,
  key: ModelKey,
): Promise<Partial<Record<ModelAlias, ModelVersionId>>> {
  const rows = await conn.query<Array<{ alias: ModelAlias; model_version_id: number }>>(
    `SELECT alias, model_version_id FROM model_aliases WHERE ${KEY_WHERE}`,
    keyParams(key),
  );
  return Object.fromEntries(rows.map((r) => [r.alias, asModelVersionId(r.model_version_id)]));
}

/**
 * Points `alias` of `key` at a version of that key. Pointing it where it already points records
 * nothing and returns the empty move, so a retry is harmless.
 */
export async function setAlias(
  db: Db,
  key: ModelKey,
  alias: ModelAlias,
  versionId: ModelVersionId,
  reason: string,
): Promise<AliasMove> {
  if (!Object.values(ModelAlias).includes(alias)) fail('alias', alias, 'be champion or challenger');
  assertReason(reason);
  return inTransaction(db, async (conn) => {
    await lockSeries(conn, key.seriesId);
    const [version] = await selectVersions(conn, 'WHERE id = ?', [versionId]);
    if (!version) fail('versionId', versionId, 'name a registered model version');
    assertVersionKey(version, key, 'versionId', versionId);
    const fromVersionId = (await aliasesOf(conn, key))[alias] ?? null;
    const move = { alias, fromVersionId, toVersionId: versionId, action: AliasAction.set, reason };
    return fromVersionId === versionId ? move : moveAlias(conn, key, move);
  });
}

/** The version `alias` points at, or undefined. */
export async function getAlias(db: Db, key: ModelKey, alias: ModelAlias): Promise<ModelVersion | undefined> {
  const where = `WHERE id = (SELECT model_version_id FROM model_aliases WHERE ${KEY_WHERE} AND alias = ?)`;
  return (await selectVersions(db.pool, where, [...keyParams(key), alias]))[0];
}

/** The version `alias` points at, with its artifact, or undefined. */
export async function loadByAlias(
  db: Db,
  key: ModelKey,
  alias: ModelAlias,
): Promise<{ version: ModelVersion; artifact: ModelArtifact } | undefined> {
  const version = await getAlias(db, key, alias);
  return version && { version, artifact: await loadArtifact(db, version.id) };
}

/**
 * The challenger becomes champion and the challenger alias is cleared; both moves are recorded,
 * so `rollback` can return to the old champion. Refused when there is no challenger.
 */
export async function promote(
  db: Db,
  key: ModelKey,
  reason: string,
  options: AliasMoveOptions = {},
): Promise<AliasMove> {
  assertReason(reason);
  const expected = options.versionId;
  return inTransaction(db, async (conn) => {
    await lockSeries(conn, key.seriesId);
    const { champion, challenger } = await aliasesOf(conn, key);
    if (challenger === undefined) {
      const last = await lastChampionMove(conn, key);
      if (expected !== undefined && last?.action === 'promote' && last.toVersionId === expected) return last;
      refuse('challenger', undefined, `${describeKey(key)} has no challenger to promote`);
    }
    if (expected !== undefined && expected !== challenger)
      refuse(
        'versionId',
        expected,
        `versionId ${expected} is not the challenger of ${describeKey(key)}; ${challenger} is`,
      );
    const action = AliasAction.promote;
    const toChampion = {
      alias: 'champion',
      fromVersionId: champion ?? null,
      toVersionId: challenger,
    } as const;
    const move = await moveAlias(conn, key, { ...toChampion, action, reason });
    await moveAlias(conn, key, {
      alias: 'challenger',
      fromVersionId: challenger,
      toVersionId: null,
      action,
      reason,
    });
    return move;
  });
}

/**
 * The champion goes back to the version it replaced. Repeated rollbacks walk further back, because
 * the move that made a version champion is looked up ignoring rollbacks. Refused when there is no
 * champion or nothing before it.
 */
export async function rollback(
  db: Db,
  key: ModelKey,
  reason: string,
  options: AliasMoveOptions = {},
): Promise<AliasMove> {
  assertReason(reason);
  const expected = options.versionId;
  return inTransaction(db, async (conn) => {
    await lockSeries(conn, key.seriesId);
    const { champion } = await aliasesOf(conn, key);
    if (expected !== undefined && expected !== champion) {
      const last = await lastChampionMove(conn, key);
      if (last?.action === 'rollback' && last.fromVersionId === expected) return last;
      refuse(
        'versionId',
        expected,
        `versionId ${expected} is not the champion of ${describeKey(key)}; ${champion ?? 'none'} is`,
      );
    }
    if (champion === undefined)
      refuse('champion', undefined, `${describeKey(key)} has no champion to roll back`);
    const made = "AND alias = 'champion' AND to_version_id = ? AND action <> 'rollback'";
    const previous =
      (await selectHistory(conn, key, made, [champion], 'DESC LIMIT 1'))[0]?.fromVersionId ?? null;
    if (previous === null)
      refuse(
        'champion',
        champion,
        `${describeKey(key)} has no champion before versionId ${champion} to roll back to`,
      );
    const action = AliasAction.rollback;
    return moveAlias(conn, key, {
      alias: 'champion',
      fromVersionId: champion,
      toVersionId: previous,
      action,
      reason,
    });
  });
}
