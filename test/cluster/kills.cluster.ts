import assert from 'node:assert/strict';
import type { SeriesId } from '../../src/shared';
import type { ForecastCycleSummary } from '../../src/workflows';
import {
  DEADLINE_MS,
  FIRST_HOUR,
  HORIZON,
  HOUR_MS,
  seedFaultDb,
  WorkerRig,
  type CycleHandle,
} from '../faults/support/fault-rig';
import { checkInvariants, type InvariantReport } from '../faults/support/invariants';
import { lockFirstSeriesGap, waitForStuckShard } from '../faults/support/stuck-shard';
import { startTemporalCluster, TEMPORAL_SERVICES, type TemporalCluster } from '../support/temporal-cluster';
import { createTestDb, type TestDb } from '../support/test-db';
import { shardHolder, shardRuns, shardsByPid, type ShardRun } from './support/shard-workers';

/** What one cycle did and who ran its shards. */
interface CycleRecord {
  readonly summary: ForecastCycleSummary;
  readonly ms: number;
  readonly runs: readonly ShardRun[];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

describe('cluster: cycles on temporal-server over PostgreSQL, an ML worker and a Temporal service killed mid-cycle', function () {
  this.timeout(30 * 60_000);
  const input = { reconcileDeadlineMs: DEADLINE_MS };
  const hours = [0, 1, 2, 3].map((k) => FIRST_HOUR + k * HOUR_MS);
  let cluster: TemporalCluster;
  let db: TestDb;
  let seriesIds: SeriesId[];
  let io: WorkerRig;
  let ml: WorkerRig[] = [];
  const cycles: CycleRecord[] = [];
  let victimPid: number;
  let survivorPid: number;
  const historyPids: number[] = [];
  let invariants: InvariantReport;

  const runCycle = async (hour: number, during?: (h: CycleHandle) => Promise<void>): Promise<CycleRecord> => {
    const start = Date.now();
    const handle = await io.startCycle(hour, input);
    await during?.(handle);
    const summary = await handle.result();
    const ms = Date.now() - start;
    return { summary, ms, runs: await shardRuns(cluster.client, hour, seriesIds.length) };
  };

  /**
   * Runs the cycle of `hour` and puts it in a known middle with work in flight (every shard done
   * but the first, whose activity an ML worker holds, blocked on a row lock), then calls `fault`
   * with the lock's release for it to call when the fault calls for it.
   */
  const runFaultedCycle = async (hour: number, fault: (release: () => Promise<void>) => Promise<void>) => {
    const lock = await lockFirstSeriesGap(db, seriesIds[0]!);
    const release = async () => {
      await lock.rollback();
      await lock.release();
    };
    return runCycle(hour, async (handle) => {
      await waitForStuckShard(cluster.client, handle, hour, seriesIds.length);
      await fault(release);
    });
  };

  before(async () => {
    let t = Date.now();
    cluster = await startTemporalCluster();
    console.log(`  cluster: up in ${seconds(Date.now() - t)} at ${cluster.address}`);
    db = await createTestDb('cluster');
    seriesIds = await seedFaultDb(db);
    const env = { METRICAST_TEMPORAL_ADDRESS: cluster.address, METRICAST_DB_DATABASE: db.settings.database };
    io = new WorkerRig(cluster.client, env, 'cluster', 'io');
    ml = [
      new WorkerRig(cluster.client, env, 'cluster', 'ml'),
      new WorkerRig(cluster.client, env, 'cluster', 'ml'),
    ];
    t = Date.now();
    await Promise.all([io, ...ml].map((w) => w.start()));
    console.log(`  cluster: 1 I/O and 2 ML worker processes polling in ${seconds(Date.now() - t)}`);

    cycles.push(await runCycle(hours[0]!));
    // The ML worker holding the shard is SIGKILLed, then the lock released: the shard must move.
    let killedAt = 0;
    cycles.push(
      await runFaultedCycle(hours[1]!, async (release) => {
        const holder = await shardHolder(cluster.client, hours[1]!, 0);
        const victim = ml.find((w) => w.pid === holder);
        if (!victim || holder === undefined)
          throw new Error(`shard 0 is held by ${holder}, not an ML worker`);
        victimPid = holder;
        survivorPid = ml.find((w) => w !== victim)!.pid!;
        await victim.kill();
        killedAt = Date.now();
        await release();
      }),
    );
    const recoveryMs = Date.now() - killedAt;
    cycles.push(await runCycle(hours[2]!));
    // The history service (every workflow's state) is SIGKILLed; the shard finishes while it is
    // down, and the service comes back 3 s later, as a supervisor would bring it.
    cycles.push(
      await runFaultedCycle(hours[3]!, async (release) => {
        historyPids.push(cluster.servicePid('history'));
        await cluster.killService('history');
        await release();
        await new Promise((r) => setTimeout(r, 3_000));
        await cluster.startMissing();
        historyPids.push(cluster.servicePid('history'));
      }),
    );
    invariants = await checkInvariants(db, {
      issuedAt: hours,
      seriesIds,
      horizon: HORIZON,
      asOf: hours[3]!,
      deadlineMs: DEADLINE_MS,
    });
    const [clean, killed, alone, history] = cycles.map((c) => seconds(c.ms));
    console.log(
      `  cluster: clean cycle ${clean}; ML worker killed ${killed} (recovered ${seconds(recoveryMs)} after the kill); next on one ML worker ${alone}; history service killed ${history}`,
    );
    console.log(`  cluster: ${JSON.stringify(invariants)}`);
  });

  after(async () => {
    for (const w of [io, ...ml]) await w?.stop().catch(() => undefined);
    await db?.drop().catch(() => undefined);
    await cluster?.dispose();
  });

  it('runs temporal-server 1.31.2 as four service processes, persisting to PostgreSQL', async () => {
    const info = await cluster.client.workflowService.getClusterInfo({});
    assert.equal(info.serverVersion, '1.31.2');
    assert.equal(info.persistenceStore, 'postgres12');
    assert.equal(info.visibilityStore, 'postgres12');
    assert.equal(new Set(TEMPORAL_SERVICES.map((s) => cluster.servicePid(s))).size, 4);
  });

  it('spreads a clean cycle’s shards over both ML worker processes', () => {
    const clean = cycles[0]!;
    assert.equal(clean.summary.forecast.rows, seriesIds.length * HORIZON);
    const byPid = shardsByPid(clean.runs);
    assert.deepEqual([...byPid.keys()].sort(), [victimPid, survivorPid].sort(), JSON.stringify(clean.runs));
  });

  it('finishes the cycle whose ML worker was killed holding a shard, on the other ML worker', () => {
    const killed = cycles[1]!;
    assert.equal(killed.summary.forecast.rows, seriesIds.length * HORIZON);
    assert.equal(killed.summary.forecast.failed, 0);
    const first = killed.runs.find((r) => r.shard === 0)!;
    assert.equal(first.pid, survivorPid);
    assert.ok(first.attempt >= 2, `shard 0 completed on attempt ${first.attempt}`);
  });

  it('runs the next cycle on the surviving ML worker alone', () => {
    const next = cycles[2]!;
    assert.equal(next.summary.forecast.rows, seriesIds.length * HORIZON);
    assert.deepEqual([...shardsByPid(next.runs).keys()], [survivorPid]);
  });

  it('finishes the cycle across a SIGKILL and restart of the history service', () => {
    const history = cycles[3]!;
    assert.equal(history.summary.forecast.rows, seriesIds.length * HORIZON);
    assert.equal(history.summary.forecast.failed, 0);
    assert.equal(historyPids.length, 2);
    assert.notEqual(historyPids[0], historyPids[1]);
  });

  it('leaves exactly H forecast rows per series and cycle (0 missing, 0 duplicate), every invariant held', () => {
    assert.deepEqual(invariants, {
      expectedRows: seriesIds.length * hours.length * HORIZON,
      missingRows: 0,
      duplicateRows: 0,
      accuracyMismatches: 0,
      unreconciledMatured: 0,
      badReconciliations: 0,
      concurrentRetrainDecisions: 0,
    });
  });
});
