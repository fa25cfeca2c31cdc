export { createDb, inTransaction, toDbTime, fromDbTime, type Db, type DbSettings } from './pool';
export {
  migrate,
  readMigrations,
  MigrationError,
  MIGRATIONS_DIR,
  type Migration,
  type MigrateResult,
} from './migrate';
export {
  upsertSeries,
  listSeries,
  naturalKeyOf,
  displayNameOf,
  type SeriesIdentity,
  type SeriesRow,
  type SeriesFilter,
} from './series-repo';
export {
  upsertObservations,
  readObservations,
  countByGranularity,
  type ObservationRow,
  type StoredObservation,
  type GranularityCounts,
} from './observations-repo';
