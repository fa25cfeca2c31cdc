/**
 * The worker-kill scenario, shared by the CI subset and the full run: hourly cycles through a real
 * worker process, each SIGKILLed at a seeded point of the cycle and restarted; after every cycle the
 * invariants are checked against the database, and at the end the retrains too.
 */
import { getForecastCycleProgressQuery } from '../../../src/workflows';
import { startPrivateTemporal, type PrivateTemporal } from '../../support/private-temporal';
import { createTestDb, type TestDb } from '../../support/test-db';
import {
  DEADLINE_MS,
  FIRST_HOUR,
  HORIZON,
  HOUR_MS,
  RETRAIN_EVERY_CYCLE,
  seedFaultDb,
  WorkerRig,
} from './fault-rig';
import { checkInvariants, type InvariantReport } from './invariants';
import { killFractions } from './kill-plan';
import { checkRetrains, waitForRetrains, type RetrainReport } from './retrain-overlap';
import { tally } from './tally';

/** A kill past this long before the cycle ends waited for a start-to-close timeout, not a heartbeat timeout. */
const STALL_MS = 90_000;

export interface KillRecord {
  readonly hour: number;
  readonly atMs: number;
  /** The cycle's stage when the kill landed (`unknown` if the query found no worker to answer). */
  readonly stage: string;
  readonly recoveryMs: number;
}

export interface CampaignReport {
  readonly cleanCycleMs: number;
  readonly kills: readonly KillRecord[];
  /** After the last cycle. */
  readonly invariants: InvariantReport;
  /** Violations summed over the checks after every cycle (each check covers all cycles so far). */
  readonly worstMissing: number;
  readonly worstDuplicate: number;
  readonly retrains: RetrainReport;
}

/** Runs one clean cycle, then `kills` killed ones; cleans up after itself. */
export async function runKillCampaign(options: {
  readonly seed: number;
  readonly kills: number;
  readonly label: string;
  /** Wait this long for abandoned retrains to end before checking them; 0 checks them as they are. */
  readonly waitForRetrainsMs?: number;
  readonly log?: (line: string) => void;
}): Promise<CampaignReport> {
  const log = options.log ?? (() => undefined);
  let temporal: PrivateTemporal | undefined;
  let db: TestDb | undefined;
  let worker: WorkerRig | undefined;
  try {
    temporal = await startPrivateTemporal();
    db = await createTestDb(`faults${options.label}`);
    const seriesIds = await seedFaultDb(db);
    worker = new WorkerRig(temporal.client, workerEnv(temporal, db), options.label);
    await worker.start();
    const hours: number[] = [];
    const expectation = () => ({
      issuedAt: hours,
      seriesIds,
      horizon: HORIZON,
      asOf: hours[hours.length - 1] ?? FIRST_HOUR,
      deadlineMs: DEADLINE_MS,
    });
    const input = { monitoring: RETRAIN_EVERY_CYCLE, reconcileDeadlineMs: DEADLINE_MS };

    const cleanStart = Date.now();
    await (await worker.startCycle(FIRST_HOUR, input)).result();
    const cleanCycleMs = Date.now() - cleanStart;
    hours.push(FIRST_HOUR);
    log(`clean cycle: ${cleanCycleMs} ms`);

    const kills: KillRecord[] = [];
    let worstMissing = 0;
    let worstDuplicate = 0;
    for (const [i, fraction] of killFractions(options.seed, options.kills).entries()) {
      const hour = FIRST_HOUR + (i + 1) * HOUR_MS;
      const atMs = Math.round(fraction * cleanCycleMs);
      const handle = await worker.startCycle(hour, input);
      await new Promise((r) => setTimeout(r, atMs));
      // A deadline on the call itself, not a race: a query left retrying in the background would
      // fire on a closed channel after a failure and crash mocha before it reports the failure.
      const progress = await temporal.client
        .withDeadline(Date.now() + 500, () => handle.query(getForecastCycleProgressQuery))
        .catch(() => undefined);
      await worker.kill();
      const killedAt = Date.now();
      await worker.start();
      await handle.result();
      hours.push(hour);
      const record = {
        hour,
        atMs,
        stage: progress ? `${progress.stage} ${progress.shardsDone}/${progress.shardsTotal}` : 'unknown',
        recoveryMs: Date.now() - killedAt,
      };
      kills.push(record);
      tally.kills++;
      if (record.recoveryMs > STALL_MS) tally.stalls++;
      const report = await checkInvariants(db, expectation());
      worstMissing = Math.max(worstMissing, report.missingRows);
      worstDuplicate = Math.max(worstDuplicate, report.duplicateRows);
      log(
        `kill ${i + 1} at ${atMs} ms (${record.stage}): recovered in ${record.recoveryMs} ms; ${JSON.stringify(report)}`,
      );
    }
    tally.cycles += hours.length;

    // Retrains are abandoned by the cycles; a killed training waits out its 5-minute heartbeat timeout.
    if (options.waitForRetrainsMs) await waitForRetrains(temporal.client, options.waitForRetrainsMs);
    const retrains = await checkRetrains(temporal.client, db);
    const invariants = await checkInvariants(db, expectation());
    tally.missingRows += invariants.missingRows;
    tally.duplicateRows += invariants.duplicateRows;
    tally.otherViolations +=
      invariants.accuracyMismatches +
      invariants.unreconciledMatured +
      invariants.badReconciliations +
      invariants.concurrentRetrainDecisions +
      retrains.overlaps +
      retrains.decisionMismatches;
    log(`retrains: ${JSON.stringify(retrains)}`);
    return { cleanCycleMs, kills, invariants, worstMissing, worstDuplicate, retrains };
  } finally {
    await worker?.stop().catch(() => undefined);
    await db?.drop().catch(() => undefined);
    await temporal?.dispose().catch(() => undefined);
  }
}

function workerEnv(temporal: PrivateTemporal, db: TestDb): Record<string, string> {
  return { METRICAST_TEMPORAL_ADDRESS: temporal.address, METRICAST_DB_DATABASE: db.settings.database };
}
