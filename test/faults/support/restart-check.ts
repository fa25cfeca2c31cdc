/**
 * How both restart scenarios (MariaDB, Temporal) end: the cycle finished before the crash and the
 * one that ran across it owe every forecast row exactly once, and every other invariant holds.
 */
import assert from 'node:assert/strict';
import type { Db } from '../../../src/db';
import type { SeriesId } from '../../../src/shared';
import { DEADLINE_MS, FIRST_HOUR, HORIZON } from './fault-rig';
import { checkInvariants } from './invariants';
import { tally } from './tally';

/** Adds the two cycles' findings to the tally first, so a failed assertion still shows in the `RESULT` lines. */
export async function assertTwoCyclesClean(
  db: Db,
  seriesIds: readonly SeriesId[],
  hour: number,
): Promise<void> {
  const report = await checkInvariants(db, {
    issuedAt: [FIRST_HOUR, hour],
    seriesIds,
    horizon: HORIZON,
    asOf: hour,
    deadlineMs: DEADLINE_MS,
  });
  tally.cycles += 2;
  tally.missingRows += report.missingRows;
  tally.duplicateRows += report.duplicateRows;
  tally.otherViolations += report.accuracyMismatches + report.unreconciledMatured + report.badReconciliations;
  assert.deepEqual(report, {
    expectedRows: 2 * seriesIds.length * HORIZON,
    missingRows: 0,
    duplicateRows: 0,
    accuracyMismatches: 0,
    unreconciledMatured: 0,
    badReconciliations: 0,
    concurrentRetrainDecisions: 0,
  });
}
