import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as mariadb from 'mariadb';
import { migrate, type DbSettings } from '../../src/db';
import { freePort } from '../ingest/support/moto-server';
import { exitOf, spawnServerProcess, waitUntilServing, type ServerProcess } from './server-process';

/**
 * A mariadbd of one test's own, on a free port with its data in a temporary directory, so the test
 * can stop, freeze or kill it mid-cycle and start it again on the same data and port. The shared
 * system MariaDB must never be touched: every other test file uses it.
 */
export interface PrivateMariadb {
  /** Settings of a migrated database on it, for a pool or for `METRICAST_DB_*`. */
  readonly settings: DbSettings;
  /** `METRICAST_DB_*` variables pointing a worker process at it. */
  readonly env: Record<string, string>;
  /** Sends a signal: SIGSTOP freezes it (clients hang), SIGCONT resumes it. */
  signal(signal: NodeJS.Signals): void;
  /** Kills it (SIGKILL by default: a crash, InnoDB recovers on the next start) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same data directory and port, and waits until it accepts logins. */
  restart(): Promise<void>;
  /** Stops it and deletes its data directory. */
  dispose(): Promise<void>;
}

const BINARIES = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'];

function serverBinary(): string {
  const found = BINARIES.find((b) => existsSync(b));
  if (!found) throw new Error(`mariadbd not found (tried ${BINARIES.join(', ')})`);
  return found;
}

function spawnServer(dir: string, port: number): ServerProcess {
  const args = [
    '--no-defaults',
    `--datadir=${path.join(dir, 'data')}`,
    `--socket=${path.join(dir, 'sock')}`,
    `--pid-file=${path.join(dir, 'mariadbd.pid')}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    // Small and quiet: this server holds a few thousand rows for a few minutes.
    '--innodb-buffer-pool-size=32M',
    '--skip-log-bin',
    '--skip-name-resolve',
  ];
  // mariadbd refuses to run as root unless told to; as any other user the option is ignored.
  if (process.getuid?.() === 0) args.push('--user=root');
  return spawnServerProcess(serverBinary(), args);
}

/** Waits until `login` can connect, or the process dies. */
function untilLogin(server: ServerProcess, login: mariadb.ConnectionConfig): Promise<void> {
  return waitUntilServing(
    'mariadbd',
    server,
    async () => {
      const conn = await mariadb.createConnection({ ...login, connectTimeout: 1_000 }).catch(() => undefined);
      await conn?.end();
      return conn !== undefined;
    },
    200,
  );
}

/** Creates the data directory, a user with a random password and a migrated database, and starts the server. */
export async function startPrivateMariadb(): Promise<PrivateMariadb> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'metricast-mariadb-'));
  execFileSync(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${path.join(dir, 'data')}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      ...(process.getuid?.() === 0 ? ['--user=root'] : []),
    ],
    { stdio: 'ignore' },
  );
  const port = await freePort();
  let server = spawnServer(dir, port);
  const password = randomBytes(12).toString('hex');
  const settings: DbSettings = {
    host: '127.0.0.1',
    port,
    user: 'metricast_faults',
    password,
    database: 'metricast_faults',
    connectionLimit: 5,
  };
  // root logs in through the socket only, with no password, until the user below exists.
  const root = { socketPath: path.join(dir, 'sock'), user: 'root' };
  await untilLogin(server, root);
  const conn = await mariadb.createConnection(root);
  try {
    await conn.query(`CREATE DATABASE ${settings.database} CHARACTER SET utf8mb4`);
    await conn.query(`CREATE USER '${settings.user}'@'127.0.0.1' IDENTIFIED BY '${password}'`);
    await conn.query(`GRANT ALL ON ${settings.database}.* TO '${settings.user}'@'127.0.0.1'`);
  } finally {
    await conn.end();
  }
  await migrate(settings);
  const login = { host: settings.host, port, user: settings.user, password, database: settings.database };
  return {
    settings,
    env: {
      METRICAST_DB_HOST: settings.host,
      METRICAST_DB_PORT: String(port),
      METRICAST_DB_USER: settings.user,
      METRICAST_DB_PASSWORD: password,
      METRICAST_DB_DATABASE: settings.database,
    },
    signal: (signal) => server.child.kill(signal),
    async kill(signal = 'SIGKILL') {
      server.child.kill(signal);
      await exitOf(server.child);
    },
    async restart() {
      server = spawnServer(dir, port);
      await untilLogin(server, login);
    },
    async dispose() {
      server.child.kill('SIGCONT');
      server.child.kill('SIGTERM');
      const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
      await exitOf(server.child);
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
