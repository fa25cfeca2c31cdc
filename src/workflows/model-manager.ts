import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  rootCause,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { RetrainTarget } from '../activities';
import { asSeriesId, STEP_MS } from '../shared';
import type { RetrainInput, RetrainResult } from './retrain';
import { startRetrainChild, type StartRetrainOutcome } from './retrain-child';
import { proxyActivity } from './activity-proxy';
import {
  Book,
  type ForceRetrainRequest,
  type LastRetrain,
  type ManagerCarry,
  type ModelManagerState,
} from './model-manager-state';

type StartedRetrain = Extract<StartRetrainOutcome, { started: true }>;

export const forceRetrainSignal = defineSignal<[ForceRetrainRequest]>('forceRetrain');

export interface ModelManagerInput {
  /** Task queue of the ML workers (workflows cannot read configuration). */
  readonly mlTaskQueue: string;
  /** Kinds for requests that name none; RetrainWorkflow's defaults when absent. */
  readonly kinds?: RetrainInput['kinds'];
  readonly trainingDays?: number;
  /** Continue-as-new after this many requests (or when Temporal suggests it); default 100. */
  readonly requestsPerRun?: number;
  /** Carried across continue-as-new; callers leave it out. */
  readonly resume?: ManagerCarry;
}

export const getModelManagerStateQuery = defineQuery<ModelManagerState>('getModelManagerState');

/** The manager's workflow id: there is one. */
export const MODEL_MANAGER_WORKFLOW_ID = 'model-manager';

const resolveRetrainTargets = proxyActivity('resolveRetrainTargets');

/** The training data ends at the newest observation when the series' feed stopped before now. */
function dataEndOf(target: RetrainTarget, now: number): number {
  const newest = target.newestObservationAt;
  return newest === null ? now : Math.min(now, newest + STEP_MS[target.granularity]);
}

/** Follows a started retrain to its end, then records the outcome and the champion it left. */
function follow(book: Book, started: StartedRetrain, seriesId: number, reason: string): void {
  const { workflowId } = started;
  book.pending.set(seriesId, { seriesId, workflowId, since: Date.now() });
  book.record(seriesId, { workflowId, status: 'running', at: Date.now(), reason });
  const ended = (last: Omit<LastRetrain, 'workflowId' | 'at' | 'reason'>) => {
    book.pending.delete(seriesId);
    book.record(seriesId, { ...last, workflowId, at: Date.now(), reason });
  };
  void started.handle.result().then(
    (r: RetrainResult) => {
      book.champions[seriesId] = r.championAfterId;
      const { status, explanation, selectedKind, challengerVersionId } = r;
      ended({ status, explanation, selectedKind, challengerVersionId });
    },
    (error: unknown) => ended({ status: 'failed', explanation: rootCause(error) ?? String(error) }),
  );
}

/** Starts the retrain of one target unless this manager or anyone else already runs one for it. */
async function startOne(
  book: Book,
  input: ModelManagerInput,
  request: ForceRetrainRequest,
  t: RetrainTarget,
) {
  const now = Date.now();
  const { seriesId, granularity, horizon } = t;
  book.champions[seriesId] = t.championVersionId;
  if (book.pending.has(seriesId)) return;
  const started = await startRetrainChild({
    ...{ seriesId, granularity, horizon, nominalTime: now, dataEnd: dataEndOf(t, now) },
    ...{ trigger: { type: 'forced', reason: request.reason }, mlTaskQueue: input.mlTaskQueue },
    ...{ kinds: request.kinds ?? input.kinds, trainingDays: input.trainingDays },
  });
  if (started.started) return follow(book, started, seriesId, request.reason);
  const explanation = 'a retrain of this series was already running (started elsewhere)';
  const { workflowId } = started;
  book.record(seriesId, { workflowId, status: 'skipped', at: now, reason: request.reason, explanation });
}

async function handle(book: Book, input: ModelManagerInput, request: ForceRetrainRequest): Promise<void> {
  const { ids, nameContains } = request.seriesFilter;
  let targets: RetrainTarget[];
  try {
    targets = await resolveRetrainTargets({ ids: ids?.map(asSeriesId), nameContains });
  } catch (error) {
    book.refuse(request.reason, rootCause(error) ?? String(error));
    return;
  }
  for (const target of targets) await startOne(book, input, request, target);
}

/**
 * The long-lived model manager (`model-manager`): takes `forceRetrainSignal` requests (sent with
 * signal-with-start by `metricast retrain`), resolves each filter to series, starts one
 * RetrainWorkflow child per series unless one is already running, and keeps per series the
 * champion and the last retrain, readable through `getModelManagerStateQuery`. Before history grows
 * large it waits for its pending retrains and continues as new with its state and unhandled requests.
 */
export async function modelManagerWorkflow(input: ModelManagerInput): Promise<never> {
  const book = new Book(input.resume);
  setHandler(forceRetrainSignal, (request) => void book.queue.push(request));
  setHandler(getModelManagerStateQuery, () => book.view());
  const perRun = input.requestsPerRun ?? 100;
  let handled = 0;
  const roll = () => handled >= perRun || workflowInfo().continueAsNewSuggested;
  for (;;) {
    await condition(() => book.queue.length > 0 || roll());
    if (roll()) break;
    const request = book.queue.shift() as ForceRetrainRequest;
    await handle(book, input, request);
    handled++;
    book.requestsHandled++;
  }
  // Child handles do not survive continue-as-new, so the run ends only when its retrains have.
  await condition(() => book.pending.size === 0 && allHandlersFinished());
  return continueAsNew<typeof modelManagerWorkflow>({ ...input, resume: book.carry() });
}
