import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort } from '../ingest/support/moto-server';
import { exitOf, spawnServerProcess, waitUntilServing, type ServerProcess } from './server-process';
import { temporalBinary } from './temporal-env';

/**
 * A Temporal dev server of one test's own, its state in a SQLite file on disk, so the test can
 * kill it and start it again on the same file and port: workflows must carry on where they were.
 * The shared server (`sharedTemporalEnv`) cannot be used for that: other tests depend on it.
 */
export interface PrivateTemporal {
  /** host:port of the frontend, for `METRICAST_TEMPORAL_ADDRESS`. */
  readonly address: string;
  readonly dbFile: string;
  /** A client on a connection of its own; reconnects by itself after a restart. */
  readonly client: Client;
  /** Kills the server (SIGKILL by default: no chance to flush anything) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the server again on the same file and ports, and waits until it answers. */
  restart(): Promise<void>;
  /** Stops the server, closes the client and deletes the state directory. */
  dispose(): Promise<void>;
}

interface Ports {
  readonly grpc: number;
  readonly http: number;
  readonly metrics: number;
}

function spawnServer(dbFile: string, ports: Ports): ServerProcess {
  const args = [
    ...['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--log-level', 'error'],
    ...['--db-filename', dbFile, '--port', String(ports.grpc)],
    ...['--http-port', String(ports.http), '--metrics-port', String(ports.metrics)],
    ...['--search-attribute', 'MetricastSeries=Keyword', '--search-attribute', 'MetricastKind=Keyword'],
  ];
  return spawnServerProcess(temporalBinary(), args);
}

/** Waits until the frontend answers a namespace call, or the process dies. */
function untilAnswering(server: ServerProcess, address: string): Promise<void> {
  return waitUntilServing(
    `temporal on ${address}`,
    server,
    async () => {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 }).catch(() => undefined);
      const ok = await connection?.workflowService
        .describeNamespace({ namespace: 'default' })
        .then(() => true)
        .catch(() => false);
      await connection?.close();
      return ok === true;
    },
    250,
  );
}

async function freePorts(): Promise<Ports> {
  return { grpc: await freePort(), http: await freePort(), metrics: await freePort() };
}

function addressOf(ports: Ports): string {
  return `127.0.0.1:${ports.grpc}`;
}

const START_ATTEMPTS = 3;

/**
 * Starts the server and waits until it answers; if it exits first, calls `beforeRetry` and tries
 * again, up to three times. The dev server picks its internal services' ports itself (bind to
 * port 0, close, bind again later), and on a busy machine another process can take one in between:
 * the server then panics while starting (exit 2), which says nothing about the code under test.
 */
async function startAnswering(
  dbFile: string,
  ports: () => Ports,
  beforeRetry: () => Promise<unknown>,
): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    const server = spawnServer(dbFile, ports());
    try {
      await untilAnswering(server, addressOf(ports()));
      return server;
    } catch (error) {
      if (server.child.exitCode === null || attempt === START_ATTEMPTS) throw error;
      await beforeRetry();
    }
  }
}

/** Starts a private dev server on free ports with its state in a new temporary directory. */
export async function startPrivateTemporal(): Promise<PrivateTemporal> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'metricast-temporal-'));
  const dbFile = path.join(dir, 'temporal.db');
  let ports = await freePorts();
  let server = await startAnswering(
    dbFile,
    () => ports,
    async () => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      ports = await freePorts();
    },
  );
  const address = addressOf(ports);
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  return {
    address,
    dbFile,
    client,
    async kill(signal = 'SIGKILL') {
      server.child.kill(signal);
      await exitOf(server.child);
    },
    async restart() {
      server = await startAnswering(
        dbFile,
        () => ports,
        () => new Promise((r) => setTimeout(r, 1_000)),
      );
    },
    async dispose() {
      await connection.close().catch(() => undefined);
      server.child.kill('SIGTERM');
      const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
      await exitOf(server.child);
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
