import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server';
import { loadConfig } from '../../src/config';
import { createApiToken, type Db } from '../../src/db';
import { readExpectations } from './file-cases';
import type { ApiTarget, BadInputCase, CorpusContext, ErrorExpectation, Outcome } from './types';

/** One request of `corpus/api/cases.json`; `{{series1h}}` and `{{series5m}}` name seeded series. */
interface ApiCase extends ErrorExpectation {
  readonly method: string;
  readonly url: string;
  /** JSON body, sent as application/json unless `contentType` says otherwise. */
  readonly body?: unknown;
  /** Raw text body (CSV, broken JSON). */
  readonly text?: string;
  /** Raw bytes, base64. */
  readonly base64?: string;
  /** Repeats `text` this many times (huge bodies, built at test time). */
  readonly repeat?: number;
  readonly contentType?: string;
  /** Which credentials: admin (default), read, bogus or none. */
  readonly auth?: 'admin' | 'read' | 'bogus' | 'none';
  readonly accept?: string;
}

/** The bad request bodies and parameters for the HTTP API, sent over real HTTP to a listening server. */
export function apiCases(): BadInputCase[] {
  const cases = readExpectations<ApiCase>('api', 'cases.json');
  return Object.entries(cases).map(([name, c]) => ({
    kind: 'api',
    name,
    expect: { status: 400, ...c },
    run: (ctx) => send(ctx, c),
  }));
}

const ADMIN_TOKEN = 'bad-input-admin-token-5f1c';

/** Starts the real server on a free loopback port, with a read token in `api_tokens`. */
export async function startApi(
  db: Db & { settings: { database: string } },
): Promise<{ target: ApiTarget; close(): Promise<void> }> {
  const config = loadConfig({
    env: {
      ...process.env,
      METRICAST_CONFIG: '',
      METRICAST_DB_DATABASE: db.settings.database,
      METRICAST_API_TOKEN: ADMIN_TOKEN,
      // Small enough for a generated body to exceed it, and no rate limit within one corpus run.
      METRICAST_API_BODY_LIMIT_BYTES: String(1024 * 1024),
      METRICAST_API_RATE_LIMIT_PER_MINUTE: '100000',
    },
  });
  const app: FastifyInstance = await buildServer({ db, config }, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { token: readToken } = await createApiToken(db, { name: 'bad-input-reader', scope: 'read' });
  const { port } = app.server.address() as AddressInfo;
  return {
    target: { baseUrl: `http://127.0.0.1:${port}`, adminToken: ADMIN_TOKEN, readToken },
    close: () => app.close(),
  };
}

async function send(ctx: CorpusContext, c: ApiCase): Promise<Outcome> {
  const api = ctx.api;
  if (!api) throw new Error('no API server in this run');
  const ids = await ctx.seriesIds();
  const fill = (s: string) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => ids[k] ?? `{{${k}}}`);
  const headers: Record<string, string> = {};
  const auth = c.auth ?? 'admin';
  if (auth !== 'none') {
    const token =
      auth === 'admin' ? api.adminToken : auth === 'read' ? api.readToken : 'mct_not-a-real-token';
    headers.authorization = `Bearer ${token}`;
  }
  if (c.accept) headers.accept = c.accept;
  let body: string | Buffer | undefined;
  if (c.base64 !== undefined) body = Buffer.from(c.base64, 'base64');
  else if (c.text !== undefined) body = fill(c.text).repeat(c.repeat ?? 1);
  // In JSON a placeholder stands for a number: `"{{series1h}}"` becomes `7`, not `"7"`.
  else if (c.body !== undefined) body = fill(JSON.stringify(c.body).replace(/"(\{\{\w+\}\})"/g, '$1'));
  if (body !== undefined) headers['content-type'] = c.contentType ?? 'application/json';
  const response = await fetch(`${api.baseUrl}${fill(c.url)}`, {
    method: c.method,
    headers,
    body,
    redirect: 'manual',
  });
  const text = await response.text();
  const where = response.headers.get('location');
  const message = `${text}${where ? ` location: ${where}` : ''}`;
  return response.ok
    ? { kind: 'accepted', detail: `${response.status} ${message.slice(0, 300)}` }
    : { kind: 'error', message, status: response.status };
}
