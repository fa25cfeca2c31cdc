/**
 * Totals across every fault scenario of one mocha run, printed as `RESULT` lines by the full run
 * (test/faults/full/results.faults.ts). Each scenario adds what it measured; nothing is assumed.
 */
export interface Tally {
  kills: number;
  missingRows: number;
  duplicateRows: number;
  /** Every other invariant violation (accuracy, reconciliation, retrains, e-mail). */
  otherViolations: number;
  /** Kills whose cycle waited for an activity's start-to-close timeout (no heartbeat timeout to notice the dead worker). */
  stalls: number;
  cycles: number;
}

export const tally: Tally = {
  kills: 0,
  missingRows: 0,
  duplicateRows: 0,
  otherViolations: 0,
  stalls: 0,
  cycles: 0,
};
