import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, MigrationError, readMigrations } from '../../src/db';
import { createTestDb, type TestDb } from '../support/test-db';

describe('db/migrate', () => {
  let db: TestDb;
  before(async () => (db = await createTestDb('migrate')));
  after(async () => db.drop());

  it('records every migration once, and a second run applies nothing', async () => {
    const versions = readMigrations().map((m) => m.version);
    const rows = await db.pool.query<Array<{ version: number }>>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    assert.deepEqual(
      rows.map((r) => r.version),
      versions,
    );
    const again = await migrate(db.settings);
    assert.deepEqual(again.applied, []);
    assert.equal(again.alreadyApplied, versions.length);
  });

  it('refuses an applied migration whose file changed', async () => {
    const changed = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'x'.repeat(64) } : m));
    await assert.rejects(
      migrate(db.settings, changed),
      (e: unknown) => e instanceof MigrationError && /was changed after it was applied/.test(e.message),
    );
  });

  it('rejects badly named and duplicate migration files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    writeFileSync(path.join(dir, 'add-table.sql'), 'SELECT 1');
    assert.throws(() => readMigrations(dir), /must look like 001_words\.sql, got add-table\.sql/);
    const dup = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    writeFileSync(path.join(dup, '001_a.sql'), 'SELECT 1');
    writeFileSync(path.join(dup, '001_b.sql'), 'SELECT 1');
    assert.throws(() => readMigrations(dup), /two migrations share version 1/);
  });
});
