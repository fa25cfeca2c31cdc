import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDb, type TestDb } from '../support/test-db';
import { startApi } from './api-cases';
import { ingestActivities, seedExistingData } from './seed';
import type { CorpusContext } from './types';

/** A seeded test database, a scratch folder, the API server and the context cases run in. */
export interface CorpusEnv {
  readonly db: TestDb;
  readonly ctx: CorpusContext;
  close(): Promise<void>;
}

/**
 * Creates and seeds the database the corpus runs against and starts the real HTTP server on it.
 * The API's read token is created before any case runs, so it is part of "what was there before".
 */
export async function openCorpusEnv(): Promise<CorpusEnv> {
  const db = await createTestDb('badinput');
  await seedExistingData(db);
  const api = await startApi(db);
  const tmpDir = mkdtempSync(path.join(tmpdir(), 'metricast-bad-input-'));
  const ingest = ingestActivities(db);
  const ctx: CorpusContext = {
    database: db.settings.database,
    tmpDir,
    api: api.target,
    async seriesIds() {
      const rows = await db.pool.query<Array<{ g: string; id: number }>>(
        'SELECT granularity AS g, MIN(id) AS id FROM series GROUP BY granularity',
      );
      return Object.fromEntries(rows.map((r) => [`series${r.g}`, String(r.id)]));
    },
    async ingestPath(file: string) {
      for (const f of await ingest.listIngestFiles({ path: file })) await ingest.ingestFile({ path: f });
    },
  };
  return {
    db,
    ctx,
    async close() {
      await api.close();
      rmSync(tmpDir, { recursive: true, force: true });
      await db.drop();
    },
  };
}
