import assert from 'node:assert/strict';
import { runKillCampaign, type CampaignReport } from '../support/kill-campaign';

/** The full run of `npm run test:faults`: twenty kills at points drawn from this seed. */
const SEED = 6_2026;
const KILLS = 20;

describe('faults/worker SIGKILL at 20 seeded points of hourly cycles (full run)', function () {
  this.timeout(60 * 60_000);
  let report: CampaignReport;

  before(async () => {
    report = await runKillCampaign({
      seed: SEED,
      kills: KILLS,
      label: 'full',
      waitForRetrainsMs: 8 * 60_000,
      log: (line) => console.log(`      ${line}`),
    });
  });

  it('completes every killed cycle with H rows per series, none missing or doubled', () => {
    assert.equal(report.kills.length, KILLS);
    assert.equal(report.invariants.expectedRows, 5 * (KILLS + 1) * 6);
    assert.equal(report.worstMissing, 0);
    assert.equal(report.worstDuplicate, 0);
  });

  it('keeps accuracy, reconciliation and retrains consistent', () => {
    const { accuracyMismatches, unreconciledMatured, badReconciliations, concurrentRetrainDecisions } =
      report.invariants;
    assert.deepEqual(
      [accuracyMismatches, unreconciledMatured, badReconciliations, concurrentRetrainDecisions],
      [0, 0, 0, 0],
    );
    assert.equal(report.retrains.overlaps, 0);
    assert.equal(report.retrains.decisionMismatches, 0);
  });
});
