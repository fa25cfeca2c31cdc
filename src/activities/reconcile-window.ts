/**
 * One check of ReconcileWindowWorkflow: attach actuals to the records of one issue time as of a
 * nominal time, mark overdue ones missing, and count where the window stands. The workflow owns the
 * clock (`asOf`) and the re-checks; this only reads and writes, the same way for the same input.
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  reconcileWindow as reconcileIssued,
  type Db,
  type ReconcileWindowInput,
  type ReconcileWindowResult,
} from '../db';
import { atActivityEdge } from './errors';

export interface ReconcileWindowDeps {
  readonly db: Db;
}

function check(input: ReconcileWindowInput): void {
  const bad = (field: keyof ReconcileWindowInput, rule: string): never => {
    const message = `input.${field} must ${rule}, got ${String(input[field])}`;
    throw ApplicationFailure.create({ type: 'ValidationError', message, nonRetryable: true });
  };
  if (!Number.isFinite(input.issuedAt)) bad('issuedAt', 'be an epoch-ms time');
  if (!Number.isFinite(input.asOf)) bad('asOf', 'be an epoch-ms time');
  if (!(Number.isFinite(input.deadlineMs) && input.deadlineMs >= 0))
    bad('deadlineMs', 'be a non-negative number of ms');
}

/** Builds the window reconciliation activity over narrow dependencies. */
export function createReconcileWindowActivities(deps: ReconcileWindowDeps) {
  return {
    /**
     * Reconciles the records issued at `issuedAt` as of `asOf` (late actuals attached, revised ones
     * re-scored, overdue ones marked missing) and returns the window's counts and missing records.
     */
    async reconcileWindow(input: ReconcileWindowInput): Promise<ReconcileWindowResult> {
      return atActivityEdge(async () => {
        check(input);
        return reconcileIssued(deps.db, input);
      });
    },
  };
}

export type ReconcileWindowActivities = ReturnType<typeof createReconcileWindowActivities>;
export type { ReconcileWindowInput, ReconcileWindowResult, WindowCounts, MissingRecord } from '../db';
