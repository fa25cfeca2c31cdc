/**
 * The narrow door through which the model life cycle reaches storage. `src/db` implements it
 * (`createModelStore`); the life cycle imports only the row *types* from there, so nothing in
 * `src/modelling` opens a connection, and a test could hand it any other store.
 */
import type {
  AliasHistoryEntry,
  GlobalModelKey,
  GlobalModelVersion,
  GlobalRun,
  GlobalRunInput,
  GlobalVersionId,
  HostSeries,
  RegisterGlobalVersionInput,
  AliasMove,
  AliasMoveOptions,
  ForecastRow,
  IntervalStateRow,
  IntervalWidths,
  ModelAlias,
  ModelKey,
  ModelVersion,
  PeerSeriesInput,
  ReconciledError,
  ReconciledErrorsInput,
  RegisterVersionInput,
  StoredObservation,
  TrainingRun,
  TrainingRunInput,
} from '../db';
import type { ModelArtifact } from '../forecast';
import type { Granularity, ModelVersionId, SeriesId, TimeRange } from '../shared';

export interface ModelStore {
  /** Observations of one series in `range`, oldest first. */
  readObservations(seriesId: SeriesId, range: TimeRange): Promise<StoredObservation[]>;
  /** The series' stored granularity, or undefined when there is no such series. */
  seriesGranularity(seriesId: SeriesId): Promise<Granularity | undefined>;

  getRun(runId: string): Promise<TrainingRun | undefined>;
  recordRun(run: TrainingRunInput): Promise<void>;
  recordRuns(runs: readonly TrainingRunInput[]): Promise<void>;
  /** The search's best trial by validation MASE. */
  bestTrial(searchId: string): Promise<TrainingRun | undefined>;

  registerVersion(input: RegisterVersionInput): Promise<{ id: ModelVersionId; version: number }>;
  getVersion(versionId: ModelVersionId): Promise<ModelVersion | undefined>;
  loadArtifact(versionId: ModelVersionId): Promise<ModelArtifact>;

  getAlias(key: ModelKey, alias: ModelAlias): Promise<ModelVersion | undefined>;
  setAlias(key: ModelKey, alias: ModelAlias, versionId: ModelVersionId, reason: string): Promise<AliasMove>;
  promote(key: ModelKey, reason: string, options?: AliasMoveOptions): Promise<AliasMove>;
  listAliasHistory(key: ModelKey): Promise<AliasHistoryEntry[]>;

  /** Idempotent upsert of forecast rows; returns how many were written. */
  upsertForecasts(rows: readonly ForecastRow[]): Promise<number>;

  /** Adaptive intervals (`adaptive-intervals.ts`): a version's first state; an existing one is kept. */
  seedIntervalState(row: Omit<IntervalStateRow, 'appliedUntil'>): Promise<void>;
  readIntervalWidths(versionId: ModelVersionId): Promise<IntervalWidths | undefined>;
  readIntervalStates(versionIds: readonly ModelVersionId[]): Promise<Map<ModelVersionId, IntervalStateRow>>;
  /** Writes states that applied reconciliations up to `appliedUntil`; never moves one backwards. */
  writeIntervalStates(
    rows: readonly Omit<IntervalStateRow, 'appliedUntil'>[],
    appliedUntil: number,
  ): Promise<void>;
  /** Champion records' errors reconciled since their version's state, a page of versions at a time. */
  reconciledErrors(input: ReconciledErrorsInput): Promise<ReconciledError[]>;
  /** Active series of a granularity for a global model to learn from (cold start), newest first. */
  peerSeriesIds(input: PeerSeriesInput): Promise<SeriesId[]>;
  /** Up to `limit` other active series of the series' host and granularity, with their points in `range`. */
  readHostSeries(seriesId: SeriesId, range: TimeRange, limit: number): Promise<HostSeries[]>;

  /** The global model (`global-model.ts`): one registry and run log per granularity and horizon. */
  latestGlobalVersion(key: GlobalModelKey): Promise<GlobalModelVersion | undefined>;
  getGlobalVersion(id: GlobalVersionId): Promise<GlobalModelVersion | undefined>;
  loadGlobalArtifact(id: GlobalVersionId): Promise<ModelArtifact>;
  registerGlobalVersion(input: RegisterGlobalVersionInput): Promise<{ id: GlobalVersionId; version: number }>;
  getGlobalRun(runId: string): Promise<GlobalRun | undefined>;
  recordGlobalRun(run: GlobalRunInput): Promise<void>;
}

/** Reports progress to whoever runs a long step (a Temporal heartbeat in a worker; nothing in the CLI). */
export type Heartbeat = (details?: unknown) => Promise<void>;

/** What every life-cycle step needs: storage and a way to say it is still alive. */
export interface Modelling {
  readonly store: ModelStore;
  readonly heartbeat: Heartbeat;
}
