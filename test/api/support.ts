import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api';
import { configSchema, type Config } from '../../src/config';
import { createApiToken, type ApiScope } from '../../src/db';
import type { TestDb } from '../support/test-db';

/** The environment admin token of every test server. */
export const ENV_TOKEN = 'test-env-admin-token-0123456789';

/** A server listening on a free loopback port, with tokens of each scope. */
export interface ApiHarness {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly tokens: Readonly<Record<ApiScope, string>>;
  /** fetch against the server with `token` as bearer (none when null). */
  call(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

/** Settings of a test server on `db`: the real schema's defaults plus `api` overrides. */
export function testConfig(
  db: TestDb,
  api: Partial<Config['api']> = {},
  temporal: Partial<Config['temporal']> = {},
): Config {
  return configSchema.parse({
    db: db.settings,
    temporal,
    api: { host: '127.0.0.1', ...api },
    secrets: { apiToken: ENV_TOKEN },
    log: { level: 'warn' },
  });
}

/** Builds the real server on `db`, listens on port 0 and creates one token per scope. */
export async function startApi(
  db: TestDb,
  options: {
    api?: Partial<Config['api']>;
    temporal?: Client;
    /** Task queues the retrain route sends the model manager to. */
    queues?: Partial<Config['temporal']>;
    tokenCacheMs?: number;
    label?: string;
  } = {},
): Promise<ApiHarness> {
  const config = testConfig(db, options.api, options.queues);
  const app = await buildServer(
    { db, config, ...(options.temporal ? { temporal: options.temporal } : {}) },
    { logger: false, ...(options.tokenCacheMs === undefined ? {} : { tokenCacheMs: options.tokenCacheMs }) },
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const label = options.label ?? 't';
  const make = async (scope: ApiScope) =>
    (await createApiToken(db, { name: `${label}-${scope}`, scope })).token;
  const tokens = { read: await make('read'), push: await make('push'), admin: await make('admin') };
  return {
    app,
    url,
    tokens,
    call(path, init = {}) {
      const { token = tokens.read, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token !== null) headers.set('authorization', `Bearer ${token}`);
      return fetch(`${url}${path}`, { ...rest, headers, redirect: 'manual' });
    },
    close: () => app.close(),
  };
}

/** JSON POST options. */
export function postJson(body: unknown, token?: string | null): RequestInit & { token?: string | null } {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(token === undefined ? {} : { token }),
  };
}

/** The error body of a response, checked to have the API's shape. */
export async function errorOf(
  response: Response,
): Promise<{ error: string; field: string | null; value: unknown; message: string }> {
  const body = (await response.json()) as Record<string, unknown>;
  for (const key of ['error', 'field', 'value', 'message'])
    if (!(key in body)) throw new Error(`error body lacks ${key}: ${JSON.stringify(body)}`);
  return body as never;
}
