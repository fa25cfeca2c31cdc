import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { hashApiToken } from '../../src/db';
import { createTestDb, type TestDb } from '../support/test-db';
import { startApi, type ApiHarness } from './support';

const run = promisify(execFile);

describe('metricast token create | list | revoke (CLI process, MariaDB, real server)', function () {
  this.timeout(120_000);
  let db: TestDb;
  let api: ApiHarness;
  const cli = (args: string[]) =>
    run(path.resolve('bin/metricast'), ['token', ...args], {
      env: { ...process.env, METRICAST_DB_DATABASE: db.database },
      timeout: 60_000,
    });

  before(async () => {
    db = await createTestDb('apitoken');
    api = await startApi(db, { tokenCacheMs: 0 });
  });
  after(async () => {
    await api?.close();
    await db?.drop();
  });

  it('prints a new token once, stores only its sha256, lists and revokes it', async () => {
    const created = await cli(['create', '--name', 'grafana', '--scope', 'read']);
    const token = created.stdout.trim();
    assert.match(token, /^mct_[A-Za-z0-9_-]{43}$/);
    assert.match(created.stderr, /created "grafana" \(read\); store it now/);
    const [row] = await db.pool.query<Array<{ token_sha256: string }>>(
      "SELECT token_sha256 FROM api_tokens WHERE name = 'grafana'",
    );
    assert.equal(row!.token_sha256, hashApiToken(token));
    const dump = JSON.stringify(await db.pool.query('SELECT * FROM api_tokens'));
    assert.ok(!dump.includes(token), 'the token itself is stored nowhere');
    assert.equal((await api.call('/api/v1/series', { token })).status, 200);

    const listed = await cli(['list', '--json']);
    const tokens = JSON.parse(listed.stdout) as Array<{
      name: string;
      scope: string;
      revokedAt: number | null;
    }>;
    const grafana = tokens.find((t) => t.name === 'grafana')!;
    assert.deepEqual([grafana.scope, grafana.revokedAt], ['read', null]);
    assert.ok(!listed.stdout.includes(token));

    await assert.rejects(
      cli(['create', '--name', 'grafana', '--scope', 'admin']),
      (e: { code: number; stderr: string }) => {
        assert.equal(e.code, 2);
        assert.match(e.stderr, /name "grafana" already holds a live token/);
        return true;
      },
    );
    await assert.rejects(
      cli(['create', '--name', 'x', '--scope', 'root']),
      (e: { code: number; stderr: string }) => {
        assert.match(e.stderr, /--scope must be one of read, push, admin, got "root"/);
        return true;
      },
    );

    assert.deepEqual(JSON.parse((await cli(['revoke', '--name', 'grafana'])).stdout), {
      name: 'grafana',
      revoked: 1,
    });
    assert.equal((await api.call('/api/v1/series', { token })).status, 401);
    assert.match((await cli(['list'])).stdout, /grafana\s+read\s+\S+\s+\d{4}-/);
  });
});
