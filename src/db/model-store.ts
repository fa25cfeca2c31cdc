/**
 * The model life cycle's storage (`ModelStore` in `src/modelling/store.ts`) over one database: the
 * repositories with the pool bound, nothing more. Typed structurally, so db imports nothing above it.
 */
import { listAliasHistory } from './alias-history';
import { getAlias, promote, setAlias } from './aliases-repo';
import { upsertForecasts } from './forecasts-repo';
import {
  getGlobalVersion,
  latestGlobalVersion,
  loadGlobalArtifact,
  registerGlobalVersion,
} from './global-models-repo';
import { getGlobalRun, recordGlobalRun } from './global-runs-repo';
import {
  readIntervalStates,
  readIntervalWidths,
  reconciledErrors,
  seedIntervalState,
  writeIntervalStates,
} from './interval-state-repo';
import { readObservations } from './observations-repo';
import { peerSeriesIds } from './cold-start-query';
import { readHostSeries } from './host-series-query';
import type { Db } from './pool';
import { getVersion, loadArtifact, registerVersion } from './registry-repo';
import { bestTrial, getRun } from './read-models/runs-query';
import { recordRun, recordRuns } from './runs-repo';
import { listSeries } from './series-repo';
import type { SeriesId } from '../shared';

export function createModelStore(db: Db) {
  return {
    readObservations: (...a: DropDb<typeof readObservations>) => readObservations(db, ...a),
    seriesGranularity: async (seriesId: SeriesId) =>
      (await listSeries(db, { ids: [seriesId] }))[0]?.granularity,
    getRun: (...a: DropDb<typeof getRun>) => getRun(db, ...a),
    recordRun: (...a: DropDb<typeof recordRun>) => recordRun(db, ...a),
    recordRuns: (...a: DropDb<typeof recordRuns>) => recordRuns(db, ...a),
    bestTrial: (searchId: string) => bestTrial(db, searchId, 'mase'),
    registerVersion: (...a: DropDb<typeof registerVersion>) => registerVersion(db, ...a),
    getVersion: (...a: DropDb<typeof getVersion>) => getVersion(db, ...a),
    loadArtifact: (...a: DropDb<typeof loadArtifact>) => loadArtifact(db, ...a),
    getAlias: (...a: DropDb<typeof getAlias>) => getAlias(db, ...a),
    setAlias: (...a: DropDb<typeof setAlias>) => setAlias(db, ...a),
    promote: (...a: DropDb<typeof promote>) => promote(db, ...a),
    listAliasHistory: (...a: DropDb<typeof listAliasHistory>) => listAliasHistory(db, ...a),
    upsertForecasts: (...a: DropDb<typeof upsertForecasts>) => upsertForecasts(db, ...a),
    seedIntervalState: (...a: DropDb<typeof seedIntervalState>) => seedIntervalState(db, ...a),
    readIntervalWidths: (...a: DropDb<typeof readIntervalWidths>) => readIntervalWidths(db, ...a),
    readIntervalStates: (...a: DropDb<typeof readIntervalStates>) => readIntervalStates(db, ...a),
    writeIntervalStates: (...a: DropDb<typeof writeIntervalStates>) => writeIntervalStates(db, ...a),
    reconciledErrors: (...a: DropDb<typeof reconciledErrors>) => reconciledErrors(db, ...a),
    peerSeriesIds: (...a: DropDb<typeof peerSeriesIds>) => peerSeriesIds(db, ...a),
    readHostSeries: (...a: DropDb<typeof readHostSeries>) => readHostSeries(db, ...a),
    latestGlobalVersion: (...a: DropDb<typeof latestGlobalVersion>) => latestGlobalVersion(db, ...a),
    getGlobalVersion: (...a: DropDb<typeof getGlobalVersion>) => getGlobalVersion(db, ...a),
    loadGlobalArtifact: (...a: DropDb<typeof loadGlobalArtifact>) => loadGlobalArtifact(db, ...a),
    registerGlobalVersion: (...a: DropDb<typeof registerGlobalVersion>) => registerGlobalVersion(db, ...a),
    getGlobalRun: (...a: DropDb<typeof getGlobalRun>) => getGlobalRun(db, ...a),
    recordGlobalRun: (...a: DropDb<typeof recordGlobalRun>) => recordGlobalRun(db, ...a),
  };
}

/** A repository function's parameters after the pool. */
type DropDb<F> = F extends (db: Db, ...rest: infer A) => unknown ? A : never;
