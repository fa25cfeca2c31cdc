import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { freePort } from '../ingest/support/moto-server';

/**
 * A throwaway production-shaped Temporal cluster (`infra/cluster.sh`: temporal-server's four
 * services as separate processes on a PostgreSQL of their own), on free ports with its state in a
 * temporary directory. Starting one runs the deployment recipe itself, so the test checks both.
 */
export interface TemporalCluster {
  /** host:port of the frontend, for `METRICAST_TEMPORAL_ADDRESS`. */
  readonly address: string;
  readonly client: Client;
  /** The PID of a service's process, from its pid file (it changes when the service restarts). */
  servicePid(service: TemporalService): number;
  /** SIGKILLs one service's process, as a crash or an OOM kill would, and waits until it is gone. */
  killService(service: TemporalService): Promise<void>;
  /** `infra/cluster.sh up` again: starts whatever is down, as a supervisor would. */
  startMissing(): Promise<void>;
  /** Bytes of Temporal's databases in PostgreSQL (`temporal` and `temporal_visibility`). */
  storeBytes(): Promise<number>;
  /** Stops every process and deletes the cluster's data (`infra/cluster.sh purge`). */
  dispose(): Promise<void>;
}

export const TEMPORAL_SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

/** Offsets from the frontend port that `infra/cluster/temporal.sh` derives its other ports with. */
const PORT_OFFSETS = [0, 1, 2, 6, 10, 20, 21, 22, 26, -300, -299, -298, -294];

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A frontend port whose whole derived block is free, below the kernel's ephemeral range. */
async function freeFrontendPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 10_000);
    const free = await Promise.all(PORT_OFFSETS.map((d) => portFree(base + d)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no free block of ports for the Temporal cluster after 50 tries');
}

/** One number from the cluster's PostgreSQL, as its `temporal` user with the generated password. */
async function pgNumber(dir: string, port: string, sql: string): Promise<number> {
  const password = /TEMPORAL_PG_PASSWORD=(\S+)/.exec(
    readFileSync(path.join(dir, 'postgres.env'), 'utf8'),
  )?.[1];
  const { stdout } = await promisify(execFile)(
    'psql',
    ['-X', '-h', '127.0.0.1', '-p', port, '-U', 'temporal', '-d', 'temporal', '-tAc', sql],
    { env: { ...process.env, PGPASSWORD: password ?? '' } },
  );
  return Number(stdout.trim());
}

/** True once a process has exited; a zombie waiting for init to reap it counts as exited. */
function gone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z');
  } catch {
    return true;
  }
}

function clusterScript(action: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [path.resolve('infra/cluster.sh'), action],
      { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`infra/cluster.sh ${action} failed: ${error.message}\n${stdout}\n${stderr}`))
          : resolve(stdout),
    );
  });
}

/** Builds the binaries if needed (minutes, once per machine), then starts a cluster and connects. */
export async function startTemporalCluster(): Promise<TemporalCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'metricast-cluster-'));
  const address = `127.0.0.1:${await freeFrontendPort()}`;
  const env = {
    METRICAST_CLUSTER_DIR: dir,
    METRICAST_TEMPORAL_ADDRESS: address,
    METRICAST_TEMPORAL_NAMESPACE: 'default',
    METRICAST_CLUSTER_PG_PORT: String(await freePort()),
  };
  try {
    await clusterScript('up', env);
    const servicePid = (service: TemporalService) =>
      Number(readFileSync(path.join(dir, `temporal-${service}.pid`), 'utf8'));
    const connection = await Connection.connect({ address });
    return {
      address,
      client: new Client({ connection }),
      servicePid,
      async killService(service) {
        const pid = servicePid(service);
        process.kill(pid, 'SIGKILL');
        // Not our child, so no exit event: wait until the pid is gone.
        while (!gone(pid)) await new Promise((r) => setTimeout(r, 50));
      },
      startMissing: () => clusterScript('up', env).then(() => undefined),
      storeBytes: () =>
        pgNumber(
          dir,
          env.METRICAST_CLUSTER_PG_PORT,
          `SELECT pg_database_size('temporal') + pg_database_size('temporal_visibility')`,
        ),
      async dispose() {
        await connection.close().catch(() => undefined);
        await clusterScript('purge', env);
      },
    };
  } catch (error) {
    await clusterScript('purge', env).catch(() => undefined);
    throw error;
  }
}
