import { asModelVersionId, asSeriesId, type ModelVersionId, type SeriesId } from '../../shared';
import {
  DecisionError,
  type DecisionKey,
  type DecisionReason,
  type DecisionStatus,
  type RetrainDecision,
} from '../decisions-repo';
import type { Db } from '../pool';

interface DecisionDbRow {
  id: number;
  series_id: number;
  workflow_id: string;
  attempt_key: string;
  reason: DecisionReason;
  trigger_metrics: string;
  status: DecisionStatus;
  selected_kind: string | null;
  challenger_version_id: number | null;
  champion_before_id: number | null;
  champion_after_id: number | null;
  explanation: string | null;
  started_at: Date;
  finished_at: Date | null;
}

const versionOrNull = (id: number | null): ModelVersionId | null =>
  id === null ? null : asModelVersionId(id);

function fromRow(r: DecisionDbRow): RetrainDecision {
  return {
    id: r.id,
    seriesId: asSeriesId(r.series_id),
    workflowId: r.workflow_id,
    attemptKey: r.attempt_key,
    reason: r.reason,
    trigger: JSON.parse(r.trigger_metrics) as Record<string, unknown>,
    status: r.status,
    selectedKind: r.selected_kind,
    challengerVersionId: versionOrNull(r.challenger_version_id),
    championBeforeId: versionOrNull(r.champion_before_id),
    championAfterId: versionOrNull(r.champion_after_id),
    explanation: r.explanation,
    startedAt: r.started_at.getTime(),
    finishedAt: r.finished_at === null ? null : r.finished_at.getTime(),
  };
}

async function selectDecisions(
  db: Db,
  where: string,
  params: unknown[],
  tail = '',
): Promise<RetrainDecision[]> {
  const sql = `SELECT d.* FROM retrain_decisions d ${where} ${tail}`;
  return (await db.pool.query<DecisionDbRow[]>({ sql, autoJsonMap: false }, params)).map(fromRow);
}

/** One decision by key, or undefined. */
export async function getDecision(db: Db, key: DecisionKey): Promise<RetrainDecision | undefined> {
  return (
    await selectDecisions(db, 'WHERE workflow_id = ? AND attempt_key = ?', [key.workflowId, key.attemptKey])
  )[0];
}

/** Which decisions `listDecisions` returns; every given filter applies. */
export interface DecisionFilter {
  readonly seriesIds?: readonly SeriesId[];
  readonly status?: DecisionStatus;
  /** Only decisions whose nominal start is later than this (epoch ms). */
  readonly startedAfter?: number;
  /** Default 100. */
  readonly limit?: number;
}

/** Decisions matching the filter, newest nominal start first. */
export async function listDecisions(db: Db, filter: DecisionFilter = {}): Promise<RetrainDecision[]> {
  const limit = filter.limit ?? 100;
  if (!(Number.isInteger(limit) && limit >= 1))
    throw new DecisionError('limit', limit, 'be a positive integer');
  if (filter.seriesIds?.length === 0) return [];
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown): void => {
    where.push(clause);
    params.push(value);
  };
  if (filter.seriesIds) add('series_id IN (?)', filter.seriesIds);
  if (filter.status) add('status = ?', filter.status);
  if (filter.startedAfter !== undefined) add('started_at > ?', new Date(filter.startedAfter));
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return selectDecisions(db, clause, [...params, limit], 'ORDER BY started_at DESC, id DESC LIMIT ?');
}

/**
 * The newest decision of each series that has one (by nominal start, then id): what the
 * monitoring's cooldown and "already running" checks read.
 */
export async function latestDecisions(
  db: Db,
  seriesIds: readonly SeriesId[],
): Promise<Map<SeriesId, RetrainDecision>> {
  if (seriesIds.length === 0) return new Map();
  const rows = await selectDecisions(
    db,
    `JOIN (SELECT series_id AS s, MAX(started_at) AS newest FROM retrain_decisions
       WHERE series_id IN (?) GROUP BY series_id) x ON d.series_id = x.s AND d.started_at = x.newest`,
    [seriesIds],
    'ORDER BY d.id',
  );
  // Ordered by id, so of two decisions started at the same nominal time the later write wins.
  return new Map(rows.map((d) => [d.seriesId, d]));
}
