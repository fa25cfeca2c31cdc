import type { Client } from '@temporalio/client';
import { listBackfillIds } from '../client/workflows';
import { parseBackfillId, type BackfillRange } from './temporal-links';

/** Backfills change rarely: ask Temporal at most this often. */
const FRESH_MS = 60_000;
/** A page waits this long for Temporal, then renders without the backfill cycles' ids. */
const WAIT_MS = 1_500;
/** More backfills than this are not looked through (each is days of hours; the newest matter). */
const MAX_BACKFILLS = 200;

/** `answer`, or none once `WAIT_MS` have passed without it. */
async function withinWait(answer: Promise<BackfillRange[]>): Promise<BackfillRange[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<BackfillRange[]>((resolve) => (timer = setTimeout(() => resolve([]), WAIT_MS)));
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The backfills Temporal knows, so the dashboard can name the exact ids of their cycles (visibility
 * queries match id prefixes, not the `…/cycle/<hour>` suffix). Read-only setups without a Temporal
 * client, or a Temporal that does not answer in time, give none: the links then find the Schedule's
 * cycles only. One answer (or failure, or silence) is kept for a minute.
 */
export class BackfillLookup {
  private cached: { readonly at: number; readonly value: Promise<BackfillRange[]> } | undefined;

  constructor(
    private readonly temporal: Client | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** The known backfills, or none when Temporal is absent, slow or failing. */
  async list(): Promise<BackfillRange[]> {
    if (!this.temporal) return [];
    const t = this.now();
    if (!this.cached || t - this.cached.at > FRESH_MS)
      this.cached = { at: t, value: withinWait(this.fetch(this.temporal).catch(() => [])) };
    return this.cached.value;
  }

  private async fetch(temporal: Client): Promise<BackfillRange[]> {
    const found = new Map<string, BackfillRange>();
    for (const workflowId of await listBackfillIds(temporal, MAX_BACKFILLS)) {
      const range = parseBackfillId(workflowId);
      if (range) found.set(range.workflowId, range);
    }
    return [...found.values()];
  }
}
