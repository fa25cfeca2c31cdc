import type { AddressInfo } from 'node:net';
import { buildServer } from '../../src/api/server';
import { configSchema } from '../../src/config';
import { createApiToken } from '../../src/db';
import type { TestDb } from '../support/test-db';

/** The real server (API and dashboard) on a free loopback port, with a read-scope token. */
export interface DashboardServer {
  readonly url: string;
  readonly tokens: { readonly read: string };
  /** fetch with the read token as bearer (none when `token` is null); redirects are not followed. */
  call(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

/** Builds the server with `buildServer` on `db`, the schema's defaults otherwise, and listens on port 0. */
export async function startDashboard(db: TestDb): Promise<DashboardServer> {
  const config = configSchema.parse({
    db: db.settings,
    secrets: { apiToken: 'dashboard-test-environment-token' },
    log: { level: 'warn' },
  });
  const app = await buildServer({ db, config }, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const read = (await createApiToken(db, { name: 'dashboard-reader', scope: 'read' })).token;
  return {
    url,
    tokens: { read },
    call(path, init = {}) {
      const { token = read, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token !== null) headers.set('authorization', `Bearer ${token}`);
      return fetch(`${url}${path}`, { ...rest, headers, redirect: 'manual' });
    },
    close: () => app.close(),
  };
}
