/**
 * The model manager's bookkeeping: the requests it takes, what it remembers per series, and what
 * one run hands the next across continue-as-new. Deterministic, like the workflow it serves.
 */
import type { RetrainInput } from './retrain';

/** A request to retrain the series a filter names, whatever their accuracy. */
export interface ForceRetrainRequest {
  /** Ids, a substring of the display name, or both (the series matching both). */
  readonly seriesFilter: { readonly ids?: readonly number[]; readonly nameContains?: string };
  /** Kinds to train; the manager's defaults when absent. */
  readonly kinds?: RetrainInput['kinds'];
  /** Why, in words: stored with the decision. */
  readonly reason: string;
}

/** The last retrain the manager asked for, per series. */
export interface LastRetrain {
  readonly workflowId: string;
  readonly status: 'running' | 'promoted' | 'kept' | 'failed' | 'skipped';
  /** Workflow time of the request, then of the outcome. */
  readonly at: number;
  readonly reason: string;
  readonly explanation?: string;
  readonly selectedKind?: string;
  readonly challengerVersionId?: number;
}

/** What `getModelManagerStateQuery` returns. Keys are series ids. */
export interface ModelManagerState {
  /** Champion version per series, as last seen (null: none). */
  readonly champions: Readonly<Record<string, number | null>>;
  readonly lastRetrain: Readonly<Record<string, LastRetrain>>;
  /** Retrains this manager started that have not ended. */
  readonly pending: readonly {
    readonly seriesId: number;
    readonly workflowId: string;
    readonly since: number;
  }[];
  /** Requests received and not yet handled. */
  readonly queued: number;
  readonly requestsHandled: number;
  /** Requests refused (bad filter), the newest few, with why. */
  readonly refused: readonly { readonly reason: string; readonly error: string }[];
}

/** What one run hands the next: everything but pending retrains, which a run waits for first. */
export type ManagerCarry = Omit<ModelManagerState, 'pending' | 'queued'> & {
  readonly queue: readonly ForceRetrainRequest[];
};

/** Series remembered in the state at most (the oldest are forgotten), so it stays far below 2 MB. */
const MAX_TRACKED = 2_000;
const MAX_REFUSED = 10;

/** Mutable state of one run; the query and the carry read snapshots of it. */
export class Book {
  champions: Record<string, number | null>;
  lastRetrain: Record<string, LastRetrain>;
  pending = new Map<number, { seriesId: number; workflowId: string; since: number }>();
  queue: ForceRetrainRequest[];
  requestsHandled: number;
  refused: { reason: string; error: string }[];

  constructor(carry: ManagerCarry | undefined) {
    this.champions = { ...carry?.champions };
    this.lastRetrain = { ...carry?.lastRetrain };
    this.queue = [...(carry?.queue ?? [])];
    this.requestsHandled = carry?.requestsHandled ?? 0;
    this.refused = [...(carry?.refused ?? [])];
  }

  record(seriesId: number, last: LastRetrain): void {
    this.lastRetrain[seriesId] = last;
    const keys = Object.keys(this.lastRetrain);
    if (keys.length <= MAX_TRACKED) return;
    const oldest = keys.reduce((a, b) =>
      (this.lastRetrain[a]?.at ?? 0) <= (this.lastRetrain[b]?.at ?? 0) ? a : b,
    );
    delete this.lastRetrain[oldest];
    delete this.champions[oldest];
  }

  /** Remembers a refused request, keeping the newest few. */
  refuse(reason: string, error: string): void {
    this.refused = [...this.refused, { reason, error }].slice(-MAX_REFUSED);
  }

  view(): ModelManagerState {
    const { champions, lastRetrain, requestsHandled, refused } = this;
    const pending = [...this.pending.values()];
    return { champions, lastRetrain, pending, queued: this.queue.length, requestsHandled, refused };
  }

  carry(): ManagerCarry {
    const { champions, lastRetrain, requestsHandled, refused, queue } = this;
    return { champions, lastRetrain, requestsHandled, refused, queue };
  }
}
