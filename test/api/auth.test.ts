import assert from 'node:assert/strict';
import { createApiToken, revokeApiToken } from '../../src/db';
import { seedSeries, testIdentity } from '../db/support/seed';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import { ENV_TOKEN, errorOf, postJson, startApi, type ApiHarness } from './support';

describe('api/auth, limits and OpenAPI (real server, MariaDB)', function () {
  this.timeout(60_000);
  let db: TestDb;
  let api: ApiHarness;
  let seriesId: number;

  before(async () => {
    db = await createTestDb('apiauth');
    seriesId = await seedSeries(db, testIdentity('web-01'));
    // No token cache, so a revocation shows at once.
    api = await startApi(db, { tokenCacheMs: 0, api: { bodyLimitBytes: 4096 } });
  });
  after(async () => {
    await api?.close();
    await db?.drop();
  });

  it('answers health without a token, and nothing else', async () => {
    const health = await api.call('/api/v1/health', { token: null });
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok', db: 'up' });
    const series = await api.call('/api/v1/series', { token: null });
    assert.equal(series.status, 401);
    const body = await errorOf(series);
    assert.equal(body.error, 'unauthorized');
    assert.equal(body.field, 'headers.authorization');
    assert.match(body.message, /Bearer <token>/);
  });

  it('refuses unknown and revoked tokens with 401, never echoing them', async () => {
    const bad = await api.call('/api/v1/series', { token: 'mct_not-a-real-token' });
    assert.equal(bad.status, 401);
    const body = await errorOf(bad);
    assert.equal(body.value, '<redacted>');
    assert.doesNotMatch(JSON.stringify(body), /not-a-real-token/);

    const { token } = await createApiToken(db, { name: 'leaving', scope: 'read' });
    assert.equal((await api.call('/api/v1/series', { token })).status, 200);
    assert.equal(await revokeApiToken(db, 'leaving'), 1);
    assert.equal((await api.call('/api/v1/series', { token })).status, 401);
  });

  it('checks scopes: read cannot retrain (403), push cannot either, admin and the environment token pass the check', async () => {
    const retrain = (token: string) =>
      api.call(`/api/v1/series/${seriesId}/retrain`, postJson({ reason: 'test' }, token));
    for (const token of [api.tokens.read, api.tokens.push]) {
      const refused = await retrain(token);
      assert.equal(refused.status, 403);
      const body = await errorOf(refused);
      assert.equal(body.error, 'forbidden');
      assert.match(body.message, /needs a token of scope admin/);
    }
    // Past the scope check, this server has no Temporal connection: 503, not 403.
    for (const token of [api.tokens.admin, ENV_TOKEN]) assert.equal((await retrain(token)).status, 503);
    // External predictions need push: read is refused, push gets as far as validation.
    const post = (token: string) =>
      api.call('/api/v1/external/actuals', postJson({ seriesId, points: [] }, token));
    assert.equal((await post(api.tokens.read)).status, 403);
    assert.equal((await post(api.tokens.push)).status, 400);
  });

  it('sends browsers to /login, and the login cookie then authenticates', async () => {
    const page = await api.call('/api/v1/series', { token: null, headers: { accept: 'text/html' } });
    assert.equal(page.status, 302);
    assert.equal(page.headers.get('location'), '/login?next=%2Fapi%2Fv1%2Fseries');

    const form = await api.call('/login?next=/api/v1/series', { token: null });
    assert.equal(form.status, 200);
    assert.match(
      await form.text(),
      /<form method="post" action="\/login">[\s\S]*name="token"[\s\S]*value="\/api\/v1\/series"/,
    );

    const post = (token: string, next: string) =>
      api.call('/login', {
        token: null,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, next }).toString(),
      });
    const refused = await post('wrong', '/');
    assert.equal(refused.status, 401);
    assert.match(await refused.text(), /unknown or revoked/);

    const ok = await post(api.tokens.read, '//evil.example/');
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/', 'an off-site next is not followed');
    const cookie = ok.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^metricast_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const session = cookie.split(';')[0]!;
    const withCookie = await api.call('/api/v1/series', { token: null, headers: { cookie: session } });
    assert.equal(withCookie.status, 200);

    const out = await api.call('/logout', { token: null, method: 'POST' });
    assert.match(out.headers.get('set-cookie') ?? '', /metricast_session=; .*Max-Age=0/);
  });

  it('refuses a body over the limit with 413 and stores nothing', async () => {
    const before = await snapshotTable(db, 'observations', 'series_id, ts');
    const points = Array.from({ length: 200 }, (_, i) => ({
      t: new Date(Date.UTC(2026, 0, 1, i)).toISOString(),
      v: i,
    }));
    const response = await api.call(
      '/api/v1/external/actuals',
      postJson({ seriesId, points }, api.tokens.push),
    );
    assert.equal(response.status, 413);
    const body = await errorOf(response);
    assert.equal(body.error, 'payload_too_large');
    assert.equal(body.field, 'body');
    assert.equal(await snapshotTable(db, 'observations', 'series_id, ts'), before);
  });

  it('answers unknown routes and media types in the error shape', async () => {
    const missing = await api.call('/api/v1/nothing-here');
    assert.equal(missing.status, 404);
    assert.equal((await errorOf(missing)).error, 'not_found');
    const xml = await api.call('/api/v1/forecast', {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<x/>',
    });
    assert.equal(xml.status, 415);
    const body = await errorOf(xml);
    assert.equal(body.field, 'headers.content-type');
    assert.equal(body.value, 'application/xml');
  });

  it('serves the OpenAPI document without a token, listing every route with its security', async () => {
    const response = await api.call('/api/v1/openapi.json', { token: null });
    assert.equal(response.status, 200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
    };
    assert.match(doc.openapi, /^3\./);
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    for (const route of [
      'GET /api/v1/health',
      'GET /api/v1/series',
      'GET /api/v1/series/{id}',
      'GET /api/v1/series/{id}/predictions',
      'GET /api/v1/predictions',
      'POST /api/v1/forecast',
      'GET /api/v1/compare',
      'POST /api/v1/evaluate',
      'POST /api/v1/external/predictions',
      'POST /api/v1/external/actuals',
      'GET /api/v1/series/{id}/accuracy',
      'GET /api/v1/series/{id}/versions',
      'GET /api/v1/decisions',
      'POST /api/v1/series/{id}/retrain',
    ])
      assert.ok(routes.includes(route), `${route} missing from ${routes.join(', ')}`);
    assert.ok(!routes.some((r) => r.includes('/login')), 'the login form is not part of the API');
    assert.deepEqual(doc.paths['/api/v1/health']!.get!.security, []);
    assert.ok(doc.components.securitySchemes.bearer);
    assert.ok(doc.components.schemas.Error, 'the shared error schema keeps its name');
  });

  it('names the query field and value of a bad request', async () => {
    const response = await api.call('/api/v1/series?limit=0');
    assert.equal(response.status, 400);
    assert.deepEqual(await errorOf(response), {
      error: 'bad_request',
      field: 'query.limit',
      value: 0,
      message: 'query.limit must be >= 1, got 0',
    });
    const unknown = await errorOf(await api.call('/api/v1/series?nmae=web'));
    assert.equal(unknown.field, 'query.nmae');
    assert.match(unknown.message, /query.nmae is not a known field/);
  });
});

describe('api/rate limits (real server)', function () {
  this.timeout(30_000);
  let db: TestDb;
  let api: ApiHarness;

  before(async () => {
    db = await createTestDb('apirate');
    api = await startApi(db, { api: { rateLimitPerMinute: 3 } });
  });
  after(async () => {
    await api?.close();
    await db?.drop();
  });

  it('answers 429 past the limit, counting per token', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await api.call('/api/v1/series', { token: api.tokens.read })).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const limited = await api.call('/api/v1/series', { token: api.tokens.read });
    assert.equal(limited.status, 429);
    assert.ok(limited.headers.get('retry-after'));
    const body = await errorOf(limited);
    assert.equal(body.error, 'rate_limited');
    assert.match(body.message, /more than 3 requests per minute/);
    // Another token has its own budget.
    assert.equal((await api.call('/api/v1/series', { token: api.tokens.admin })).status, 200);
  });
});
