import type { WorkflowHandle } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import { createProgress } from './progress';

/** How a workflow's progress query maps onto a progress bar. */
export interface FollowOptions<P> {
  readonly title: string;
  readonly query: QueryDefinition<P>;
  readonly toBar: (progress: P) => { readonly done: number; readonly total: number; readonly label?: string };
  readonly intervalMs?: number;
}

/**
 * Waits for a workflow's result while drawing its progress from a query. A query that fails (the
 * worker is restarting) is skipped, not fatal: the workflow goes on and so does the bar.
 */
export async function followWorkflow<R, P>(handle: WorkflowHandle, options: FollowOptions<P>): Promise<R> {
  const bar = createProgress(options.title);
  const result = handle.result() as Promise<R>;
  let done = false;
  void result.finally(() => (done = true)).catch(() => undefined);
  const draw = (p: P, label?: string) => {
    const b = options.toBar(p);
    bar.update(b.done, b.total, label ?? b.label ?? '');
  };
  try {
    while (!done) {
      const p = await handle.query(options.query).catch(() => undefined);
      if (p !== undefined) draw(p);
      const tick = new Promise((r) => setTimeout(r, options.intervalMs ?? 500));
      await Promise.race([result.catch(() => undefined), tick]);
    }
    const final = await result;
    const last = await handle.query(options.query).catch(() => undefined);
    if (last !== undefined) draw(last, 'done');
    return final;
  } finally {
    bar.stop();
  }
}
