import assert from 'node:assert/strict';
import { runKillCampaign, type CampaignReport } from './support/kill-campaign';

/** The CI subset: three kills at seeded points; `npm run test:faults` runs twenty. */
const SEED = 20261123;
const KILLS = 3;

describe('faults/worker SIGKILL mid-cycle (CI subset)', function () {
  this.timeout(15 * 60_000);
  let report: CampaignReport;

  before(async () => {
    report = await runKillCampaign({ seed: SEED, kills: KILLS, label: 'kill' });
  });

  it('completes every killed cycle', () => {
    assert.equal(report.kills.length, KILLS);
  });

  it('leaves exactly H forecast rows per series and cycle, none missing, none doubled', () => {
    assert.equal(report.invariants.expectedRows, 5 * (KILLS + 1) * 6);
    assert.equal(report.worstMissing, 0);
    assert.equal(report.worstDuplicate, 0);
    assert.equal(report.invariants.missingRows, 0);
    assert.equal(report.invariants.duplicateRows, 0);
  });

  it('keeps the accuracy aggregates equal to a recomputation, and reconciles every matured record', () => {
    assert.equal(report.invariants.accuracyMismatches, 0);
    assert.equal(report.invariants.unreconciledMatured, 0);
    assert.equal(report.invariants.badReconciliations, 0);
  });

  it('never runs two retrains of a series at once', () => {
    assert.ok(report.retrains.executions > 0, 'the thresholds start retrains');
    assert.equal(report.retrains.overlaps, 0);
    assert.equal(report.retrains.decisionMismatches, 0);
    assert.equal(report.invariants.concurrentRetrainDecisions, 0);
  });
});
