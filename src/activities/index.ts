import { createIngestActivities, type IngestDeps } from './ingest';

export type ActivityDeps = IngestDeps;

/**
 * All activities, built from narrow dependencies. Workers register the result; workflows type
 * their `proxyActivities` from `Activities` (a type-only import, so no I/O code reaches them).
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createIngestActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type {
  IngestActivities,
  IngestDeps,
  IngestFileInput,
  IngestCloudWatchInput,
  ListIngestFilesInput,
} from './ingest';
export { storeCleanedSeries, type StoreCounts } from './ingest-store';
