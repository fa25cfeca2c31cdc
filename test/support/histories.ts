import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporalBinary } from './temporal-env';

export const HISTORIES_DIR = path.resolve(__dirname, '../workflows/histories');

/**
 * Saves a finished workflow's event history as a replay fixture when recording is asked for
 * (`METRICAST_RECORD_HISTORIES=1 npx mocha …`), in the JSON the `temporal` CLI and the Web UI
 * export. Committed fixtures are replayed against the current workflow code by
 * `replay.test.ts`, so a change that breaks determinism fails CI.
 */
export function recordHistory(name: string, handle: WorkflowHandle, address: string): void {
  if (process.env.METRICAST_RECORD_HISTORIES !== '1') return;
  const json = execFileSync(
    temporalBinary(),
    ['workflow', 'show', '--address', address, '--workflow-id', handle.workflowId, '--output', 'json'],
    { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
  );
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), json);
  // Replay must run under the recorded id: workflows derive child ids from their own.
  writeFileSync(path.join(HISTORIES_DIR, `${name}.id`), `${handle.workflowId}\n`);
}
