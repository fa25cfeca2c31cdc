import { existsSync } from 'node:fs';
import path from 'node:path';

/** Repo root (tests run from anywhere). */
export const ROOT = path.resolve(__dirname, '../../..');

/** Fixtures of the ingest tests. */
export const FIXTURES = path.join(ROOT, 'test/fixtures/ingest');

/** The bundled NAB folder: the repo's copy, or the shared one while it is being copied in. */
export function nabDir(): string {
  const local = path.join(ROOT, 'data/nab/realAWSCloudwatch');
  return existsSync(path.join(local, 'ec2_cpu_utilization_24ae8d.csv'))
    ? local
    : '/work/shared/data/nab/realAWSCloudwatch';
}
