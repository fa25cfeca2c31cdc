import path from 'node:path';
import { setAlias, upsertForecasts, type Db } from '../../src/db';
import type { TestDb } from '../support/test-db';
import { createIngestActivities } from '../../src/activities/ingest';
import { asSeriesId } from '../../src/shared';
import { bandedCycle, T0 } from '../db/support/seed';
import { registerArtifact } from '../db/support/registry-fixtures';

const NAB = path.resolve(__dirname, '../../data/nab/realAWSCloudwatch');

/** The cleaning rules of the default configuration. */
export const CLEANING = {
  stepMs: 300_000,
  maxGapMs: 1_800_000,
  minCoverage: 0.8,
  dropPatterns: ['error', 'packet'],
};

/** The real ingest activities over `db`; CloudWatch is never reached by a corpus case. */
export function ingestActivities(db: Db) {
  const cloudwatch = { fetch: () => Promise.reject(new Error('no CloudWatch in the bad-input corpus')) };
  return createIngestActivities({ db, cleaning: CLEANING, cloudwatch });
}

/**
 * Fills the database with data a bad input must not touch: two NAB series (5-minute and hourly
 * observations), a registered model version as champion, and a forecast issued by it.
 */
export async function seedExistingData(db: TestDb): Promise<void> {
  const ingest = ingestActivities(db);
  for (const file of ['ec2_cpu_utilization_24ae8d.csv', 'rds_cpu_utilization_cc0c53.csv'])
    await ingest.ingestFile({ path: path.join(NAB, file) });
  const [hourly] = await db.pool.query<Array<{ id: number }>>(
    "SELECT id FROM series WHERE granularity = '1h' ORDER BY id LIMIT 1",
  );
  const seriesId = asSeriesId(Number(hourly?.id));
  const key = { seriesId, granularity: '1h' as const, horizon: 6 };
  const version = await registerArtifact(db, key);
  await setAlias(db, key, 'champion', version, 'bad-input corpus seed');
  const issuer = { seriesId, modelVersionId: version, modelKind: 'lstm', issuedAt: T0 };
  await upsertForecasts(db, bandedCycle(issuer, 6, 40, { band80: 2, band95: 4 }));
}
