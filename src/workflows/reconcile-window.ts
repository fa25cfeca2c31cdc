import {
  continueAsNew,
  defineQuery,
  log,
  setHandler,
  sleep,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import type { MissingRecord, ReconcileWindowResult, WindowCounts } from '../activities';
import { isoHour } from './nominal-time';
import { proxyActivity } from './activity-proxy';

export interface ReconcileWindowWorkflowInput {
  /** Nominal issue time of the cycle whose forecast records this workflow follows. */
  readonly issuedAt: number;
  /** How long after its interval closes a record waits for its actual before it is marked missing. */
  readonly deadlineMs: number;
  /** Time between checks; default one hour, the cadence actuals arrive at. */
  readonly checkEveryMs?: number;
  /**
   * Nominal time of the first check; default `issuedAt`. Backfills and tests start later (after
   * the horizon has closed, say) so that records are mature at the first check.
   */
  readonly firstAsOf?: number;
  /** Carried across continue-as-new; callers leave it out. */
  readonly resume?: ReconcileWindowState;
}

/** Where the window stands, readable at any time through `getReconcileStateQuery`. */
export interface ReconcileWindowState {
  readonly issuedAt: number;
  readonly checks: number;
  /** Nominal time of the latest check; null before the first. */
  readonly asOf: number | null;
  readonly window: WindowCounts;
  /** Totals of what the checks changed on the window's series (see `ReconcileWindowResult.changes`). */
  readonly changes: { readonly reconciled: number; readonly revised: number; readonly missing: number };
  /** The window's records given up on (the first few). */
  readonly missing: readonly MissingRecord[];
  readonly done: boolean;
  /** The nominal clock: a check's asOf = clock.asOf + (workflow time now − clock.at). */
  readonly clock: { readonly asOf: number; readonly at: number };
}

export const getReconcileStateQuery = defineQuery<ReconcileWindowState>('getReconcileState');

const HOUR_MS = 3_600_000;
/** Continue-as-new after this many checks; a day of hourly checks is far below it. */
const CHECKS_PER_RUN = 500;

const reconcileWindow = proxyActivity('reconcileWindow');

/** `reconcile/2026-11-23T10:00Z`: one workflow per cycle hour. */
export function reconcileWorkflowId(issuedAt: number): string {
  return `reconcile/${isoHour(issuedAt)}`;
}

function initialState(input: ReconcileWindowWorkflowInput): ReconcileWindowState {
  const none = { total: 0, pending: 0, maturedPending: 0, reconciled: 0, missing: 0 };
  return {
    ...{ issuedAt: input.issuedAt, checks: 0, asOf: null, window: none, missing: [], done: false },
    changes: { reconciled: 0, revised: 0, missing: 0 },
    clock: { asOf: input.firstAsOf ?? input.issuedAt, at: Date.now() },
  };
}

function fold(state: ReconcileWindowState, asOf: number, r: ReconcileWindowResult): ReconcileWindowState {
  const { reconciled, revised, missing } = state.changes;
  return {
    ...state,
    ...{ checks: state.checks + 1, asOf, window: r.window, missing: r.missing },
    changes: {
      reconciled: reconciled + r.changes.reconciled,
      revised: revised + r.changes.revised,
      missing: missing + r.changes.missing,
    },
    done: r.window.pending === 0,
  };
}

/**
 * Follows the forecast records issued at one cycle hour until each has its actual: checks, then
 * re-checks on a durable timer, attaching late actuals and re-scoring revised ones, until none is
 * pending. A record still without its actual `deadlineMs` after its interval closed is marked
 * missing with the reason; the result, the query and the memo list the missing ones.
 *
 * Each check runs as of a nominal time, `asOf` = issue time + elapsed workflow time. Inside a
 * workflow `Date.now()` is Temporal's deterministic time (the time of the current workflow task,
 * recorded in history), so a replay computes the same `asOf` and the checks are repeatable.
 */
export async function reconcileWindowWorkflow(
  input: ReconcileWindowWorkflowInput,
): Promise<ReconcileWindowState> {
  let state = input.resume ?? initialState(input);
  setHandler(getReconcileStateQuery, () => state);
  const check = async (): Promise<ReconcileWindowState> => {
    const asOf = state.clock.asOf + (Date.now() - state.clock.at);
    return fold(
      state,
      asOf,
      await reconcileWindow({ issuedAt: input.issuedAt, asOf, deadlineMs: input.deadlineMs }),
    );
  };
  // A resumed run continues after a sleep: the run before it ended right after a check.
  if (input.resume === undefined) state = await check();
  for (let inThisRun = 0; !state.done; inThisRun++) {
    if (inThisRun >= CHECKS_PER_RUN || workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof reconcileWindowWorkflow>({ ...input, resume: state });
    await sleep(input.checkEveryMs ?? HOUR_MS);
    state = await check();
  }
  if (state.window.missing > 0) {
    // Visible where people look: the worker log, and the memo the Web UI shows with the workflow.
    log.warn('forecast records marked missing', {
      issuedAt: isoHour(input.issuedAt),
      missing: state.window.missing,
    });
    upsertMemo({ missing: state.window.missing, firstMissing: state.missing.slice(0, 5) });
  }
  return state;
}
