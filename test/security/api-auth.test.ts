import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server';
import { loadConfig } from '../../src/config';
import { createApiToken, hashApiToken, revokeApiToken } from '../../src/db';
import { createTestDb, type TestDb } from '../support/test-db';
import { seedExistingData } from '../bad-input/seed';

const ADMIN = 'auth-test-admin-token-8c2e';

/** A real server on a loopback port over `db`, with the given rate limit. */
async function serve(
  db: TestDb,
  rateLimitPerMinute: number,
): Promise<{ app: FastifyInstance; base: string }> {
  const config = loadConfig({
    env: {
      ...process.env,
      METRICAST_CONFIG: '',
      METRICAST_DB_DATABASE: db.settings.database,
      METRICAST_API_TOKEN: ADMIN,
      METRICAST_API_RATE_LIMIT_PER_MINUTE: String(rateLimitPerMinute),
    },
  });
  const app = await buildServer({ db, config }, { logger: false, tokenCacheMs: 0 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

describe('security: API tokens, scopes, rate limits and dashboard access', function () {
  this.timeout(120_000);
  let db: TestDb;
  let app: FastifyInstance;
  let base: string;
  let readToken: string;
  let seriesId: number;
  const get = (url: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${url}`, { headers, redirect: 'manual' });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  before(async () => {
    db = await createTestDb('apiauth');
    await seedExistingData(db);
    ({ app, base } = await serve(db, 100_000));
    readToken = (await createApiToken(db, { name: 'auth-reader', scope: 'read' })).token;
    const [row] = await db.pool.query<Array<{ id: number }>>(
      "SELECT MIN(id) AS id FROM series WHERE granularity = '1h'",
    );
    seriesId = Number(row?.id);
  });
  after(async () => {
    await app?.close();
    await db?.drop();
  });

  it('stores tokens only as sha256 digests: no column holds the token itself', async () => {
    const rows = await db.pool.query<Array<Record<string, unknown>>>('SELECT * FROM api_tokens');
    const stored = JSON.stringify(rows);
    assert.ok(!stored.includes(readToken), 'the plaintext token is stored');
    assert.ok(!stored.includes(readToken.slice(4, 24)), 'part of the plaintext token is stored');
    assert.ok(stored.includes(hashApiToken(readToken)));
    assert.equal((await get('/api/v1/series', bearer(readToken))).status, 200);
  });

  it('compares the environment token in constant time and looks others up by digest', async () => {
    const source = readFileSync(path.resolve(__dirname, '../../src/http-auth/auth.ts'), 'utf8');
    assert.match(source, /timingSafeEqual\(/);
    assert.doesNotMatch(source, /token\s*===|===\s*token|envToken\s*===/);
    // One character off, at the end or the start, is refused alike.
    assert.equal((await get('/api/v1/series', bearer(`${ADMIN.slice(0, -1)}x`))).status, 401);
    assert.equal((await get('/api/v1/series', bearer(`x${ADMIN.slice(1)}`))).status, 401);
    assert.equal((await get('/api/v1/series', bearer(ADMIN))).status, 200);
  });

  it('refuses admin and push routes to a read token, with 403 naming the scope', async () => {
    const send = (method: string, url: string, body: unknown, token: string) =>
      fetch(`${base}${url}`, {
        method,
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const limit = { seriesId, threshold: 90, direction: 'above' };
    const refused = [
      await send('PUT', '/api/v1/alert-limits', limit, readToken),
      await send('POST', `/api/v1/series/${seriesId}/retrain`, { reason: 'test' }, readToken),
      await send(
        'POST',
        '/api/v1/external/actuals',
        { seriesId, points: [{ t: '2014-02-20T00:00:00Z', v: 1 }] },
        readToken,
      ),
    ];
    for (const r of refused) {
      assert.equal(r.status, 403);
      assert.match(((await r.json()) as { message: string }).message, /needs a token of scope (admin|push)/);
    }
    assert.equal((await get('/api/v1/alerts', bearer(readToken))).status, 200);
    assert.equal((await send('PUT', '/api/v1/alert-limits', limit, ADMIN)).status, 200);
  });

  it('stops accepting a revoked token', async () => {
    const { token } = await createApiToken(db, { name: 'auth-revoked', scope: 'read' });
    assert.equal((await get('/api/v1/series', bearer(token))).status, 200);
    await revokeApiToken(db, 'auth-revoked');
    assert.equal((await get('/api/v1/series', bearer(token))).status, 401);
  });

  it('keeps the dashboard behind a login: redirects browsers, 401 for others, session cookie after login', async () => {
    const html = { accept: 'text/html' };
    for (const url of ['/', `/series/${seriesId}`]) {
      const r = await get(url, html);
      assert.equal(r.status, 302, url);
      assert.equal(r.headers.get('location'), `/login?next=${encodeURIComponent(url)}`);
    }
    assert.equal((await get(`/dashboard/series/${seriesId}/chart.png`)).status, 401);
    assert.equal((await get('/api/v1/series')).status, 401);
    assert.equal((await get('/', { ...html, cookie: 'metricast_session=forged' })).status, 302);
    const login = (token: string, next: string) =>
      fetch(`${base}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, next }).toString(),
      });
    assert.equal((await login('wrong-token', '/')).status, 401);
    const ok = await login(readToken, 'https://evil.example/');
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/', 'an outside next is not followed');
    const setCookie = ok.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /HttpOnly/i);
    const cookie = setCookie.split(';')[0] as string;
    assert.equal((await get('/', { ...html, cookie })).status, 200);
    assert.equal((await get(`/series/${seriesId}`, { ...html, cookie })).status, 200);
    assert.equal((await get('/api/v1/health')).status, 200, 'health stays open');
  });

  it('answers 429 with the error body past the rate limit', async () => {
    const limited = await serve(db, 5);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push((await fetch(`${limited.base}/api/v1/series`, { headers: bearer(readToken) })).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
      const last = await fetch(`${limited.base}/api/v1/series`, { headers: bearer(readToken) });
      const body = (await last.json()) as { error: string; message: string };
      assert.equal(body.error, 'rate_limited');
      assert.match(body.message, /more than 5 requests per minute from this token/);
    } finally {
      await limited.app.close();
    }
  });

  it('limits token guessing from one address: unknown tokens count against the address', async () => {
    const limited = await serve(db, 5);
    try {
      const guesses: number[] = [];
      for (let i = 0; i < 7; i++)
        guesses.push(
          (await fetch(`${limited.base}/api/v1/series`, { headers: bearer(`guess-${i}`) })).status,
        );
      assert.deepEqual(guesses, [401, 401, 401, 401, 401, 429, 429]);
      const blocked = await fetch(`${limited.base}/api/v1/series`, { headers: bearer('guess-7') });
      const body = (await blocked.json()) as { error: string; message: string };
      assert.equal(body.error, 'rate_limited');
      assert.match(body.message, /more than 5 requests per minute from this address/);
      // Guessing through the login form counts against the same address.
      const login = await fetch(`${limited.base}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: 'guess-8', next: '/' }).toString(),
      });
      assert.equal(login.status, 429);
      // A valid token keeps its own budget, untouched by the guesses from its address.
      const valid = await fetch(`${limited.base}/api/v1/series`, { headers: bearer(readToken) });
      assert.equal(valid.status, 200);
    } finally {
      await limited.app.close();
    }
  });
});
