import { Context } from '@temporalio/activity';

/**
 * Activities that are one SQL transaction or a short loop with no checkpoint of their own. They
 * heartbeat on a timer while they run, so when their worker dies Temporal notices within the
 * workflow's heartbeat timeout (30 s) and retries elsewhere, instead of waiting out the whole
 * start-to-close timeout (up to 10 minutes, measured by the fault-injection tests). Activities that
 * heartbeat checkpoint details (shards, ingest chunks, training, detection) are not listed: a bare
 * timer heartbeat would overwrite the details they resume from.
 */
export const KEEP_ALIVE_ACTIVITIES = [
  'listActiveSeriesIds',
  'planForecastShards',
  'reconcileCycle',
  'refreshAccuracy',
  'refreshDashboard',
  'findBreaches',
  'evaluateAlerts',
  'deliverAlerts',
  'reconcileWindow',
  'beginRetrain',
  'finishRetrain',
  'applyRetention',
  'listBootstrapSeries',
  'listColdStartSeries',
  'updateIntervals',
] as const;

/** Heartbeats well inside the 30 s timeout; the SDK throttles what reaches the server anyway. */
const KEEP_ALIVE_EVERY_MS = 5_000;

function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // called outside a worker (tests, the CLI's direct path)
  }
}

/** Runs `work`, heartbeating every few seconds while it runs when inside an activity. */
export async function whileAlive<T>(work: () => Promise<T>): Promise<T> {
  const context = currentContext();
  if (!context) return work();
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), KEEP_ALIVE_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

type AnyActivity = (...args: never[]) => Promise<unknown>;

/** The same activities, with the listed ones wrapped in `whileAlive`. */
export function withKeepAlive<A extends Record<string, AnyActivity>>(activities: A): A {
  const wrapped: Record<string, AnyActivity> = { ...activities };
  for (const name of KEEP_ALIVE_ACTIVITIES) {
    const activity = activities[name];
    if (activity === undefined) throw new Error(`keep-alive activity ${name} is not registered`);
    wrapped[name] = (...args) => whileAlive(() => activity(...args));
  }
  return wrapped as A;
}
