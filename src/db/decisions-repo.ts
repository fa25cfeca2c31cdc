import type { ModelVersionId, SeriesId } from '../shared';
import type { Db } from './pool';
import { showValue } from './repo-errors';

/** Where a retrain stands: running, or how it ended. */
export const DecisionStatus = {
  running: 'running',
  promoted: 'promoted',
  kept: 'kept',
  failed: 'failed',
} as const;
export type DecisionStatus = (typeof DecisionStatus)[keyof typeof DecisionStatus];

/** Why a retrain was started: monitoring found a breach, or someone forced it. */
export const DecisionReason = { threshold: 'threshold', forced: 'forced' } as const;
export type DecisionReason = (typeof DecisionReason)[keyof typeof DecisionReason];

/** Identifies one retrain request: the workflow id is reused per series, the attempt key is not. */
export interface DecisionKey {
  readonly workflowId: string;
  /** The nominal time of the request as ISO-8601 (from the workflow, never the wall clock). */
  readonly attemptKey: string;
}

/** What `startDecision` records. Times are epoch ms, UTC, nominal. */
export interface DecisionStart extends DecisionKey {
  readonly seriesId: SeriesId;
  readonly reason: DecisionReason;
  /** Small JSON: the breached metrics or the forced request. */
  readonly trigger: Readonly<Record<string, unknown>>;
  readonly championBeforeId: ModelVersionId | null;
  readonly startedAt: number;
}

/** How a retrain ended. */
export interface DecisionOutcome {
  readonly status: Exclude<DecisionStatus, 'running'>;
  readonly selectedKind: string | null;
  readonly challengerVersionId: ModelVersionId | null;
  readonly championAfterId: ModelVersionId | null;
  readonly explanation: string;
  readonly finishedAt: number;
}

/** A stored decision. */
export interface RetrainDecision extends DecisionStart {
  readonly id: number;
  readonly status: DecisionStatus;
  readonly selectedKind: string | null;
  readonly challengerVersionId: ModelVersionId | null;
  readonly championAfterId: ModelVersionId | null;
  readonly explanation: string | null;
  readonly finishedAt: number | null;
}

/** Bad input to the decisions repository; `field` names where, `value` what was found. */
export class DecisionError extends Error {
  override readonly name = 'DecisionError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    rule: string,
  ) {
    super(`${field} must ${rule}, got ${showValue(value)}`);
  }
}

function checkKey(key: DecisionKey): void {
  if (!(key.workflowId.length > 0 && key.workflowId.length <= 255))
    throw new DecisionError('workflowId', key.workflowId, 'have 1 to 255 characters');
  if (!(key.attemptKey.length > 0 && key.attemptKey.length <= 64))
    throw new DecisionError('attemptKey', key.attemptKey, 'have 1 to 64 characters');
}

function checkTime(field: string, t: number): void {
  if (!Number.isFinite(t)) throw new DecisionError(field, t, 'be a finite epoch-ms time');
}

const START_COLUMNS = [
  'series_id',
  'workflow_id',
  'attempt_key',
  'reason',
  'trigger_metrics',
  'status',
  'champion_before_id',
  'started_at',
];
const RESET = ['selected_kind', 'challenger_version_id', 'champion_after_id', 'explanation', 'finished_at'];

/**
 * Records a retrain as running. Keyed by (workflow id, attempt key): a retry writes the same row
 * again, and a reset workflow that starts the same request over puts it back to running.
 */
export async function startDecision(db: Db, input: DecisionStart): Promise<void> {
  checkKey(input);
  checkTime('startedAt', input.startedAt);
  const updates = [
    ...START_COLUMNS.slice(3).map((c) => `${c} = VALUES(${c})`),
    ...RESET.map((c) => `${c} = NULL`),
  ];
  await db.pool.query(
    `INSERT INTO retrain_decisions (${START_COLUMNS.join(', ')}) VALUES (?,?,?,?,?,?,?,?)
     ON DUPLICATE KEY UPDATE ${updates.join(', ')}`,
    [
      ...[input.seriesId, input.workflowId, input.attemptKey, input.reason, JSON.stringify(input.trigger)],
      ...[DecisionStatus.running, input.championBeforeId, new Date(input.startedAt)],
    ],
  );
}

/** Stores how a retrain ended; finishing twice overwrites. An unknown key is an error. */
export async function finishDecision(db: Db, key: DecisionKey, outcome: DecisionOutcome): Promise<void> {
  checkKey(key);
  checkTime('finishedAt', outcome.finishedAt);
  const ends: readonly string[] = [DecisionStatus.promoted, DecisionStatus.kept, DecisionStatus.failed];
  if (!ends.includes(outcome.status))
    throw new DecisionError('status', outcome.status, 'be promoted, kept or failed');
  const { status, selectedKind, challengerVersionId, championAfterId, explanation } = outcome;
  const result = await db.pool.query<{ affectedRows: number }>(
    `UPDATE retrain_decisions SET status = ?, selected_kind = ?, challenger_version_id = ?,
       champion_after_id = ?, explanation = ?, finished_at = ? WHERE workflow_id = ? AND attempt_key = ?`,
    [
      status,
      selectedKind,
      challengerVersionId,
      championAfterId,
      explanation,
      new Date(outcome.finishedAt),
    ].concat([key.workflowId, key.attemptKey]),
  );
  // The pool reports matched rows (foundRows), so 0 means the decision was never started.
  if (result.affectedRows === 0)
    throw new DecisionError('key', key, 'name a started decision (call startDecision first)');
}
