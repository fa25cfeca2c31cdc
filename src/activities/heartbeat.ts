import { Context } from '@temporalio/activity';

/**
 * Heartbeats when running inside a Temporal activity and does nothing otherwise, so the same
 * code serves the worker and the CLI's direct path. Also yields to the event loop, so a long
 * CPU-bound step lets the heartbeat reach the server.
 */
export async function heartbeat(details?: unknown): Promise<void> {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    context = undefined;
  }
  context?.heartbeat(details);
  await new Promise<void>((resolve) => setImmediate(resolve));
}
