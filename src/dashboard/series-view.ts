import {
  accuracyOverTime,
  listAlerts,
  listDecisions,
  listRuns,
  listSeriesAliasHistory,
  listSeriesVersions,
  unlessTableMissing,
  type Alert,
  type Db,
  type RetrainDecision,
  type SeriesAliasMove,
  type SeriesVersion,
  type SeriesWithStatus,
  type TrainingRun,
  type VersionAccuracy,
} from '../db';
import { loadChartData, type ChartData } from './chart-data';

const DAY = 86_400_000;
/** Rows per table: the page stays small; the API has the rest. */
const ROWS = 30;

/** Everything the series page shows besides the chart's own data. */
export interface SeriesView {
  readonly chart: ChartData;
  readonly accuracy: readonly VersionAccuracy[];
  readonly runs: readonly TrainingRun[];
  readonly versions: readonly SeriesVersion[];
  readonly aliasHistory: readonly SeriesAliasMove[];
  readonly decisions: readonly RetrainDecision[];
  readonly alerts: readonly Alert[];
}

/** Loads a series page: the chart data first (its window bounds the accuracy history), then the rest at once. */
export async function loadSeriesView(db: Db, series: SeriesWithStatus): Promise<SeriesView> {
  const chart = await loadChartData(db, series);
  const [accuracy, runs, versions, aliasHistory, decisions, alerts] = await Promise.all([
    accuracyOverTime(db, {
      seriesId: series.id,
      from: chart.window.to - 7 * DAY,
      to: chart.window.to + DAY,
      bucketMs: DAY,
    }),
    listRuns(db, { seriesId: series.id, limit: ROWS }),
    listSeriesVersions(db, series.id),
    listSeriesAliasHistory(db, series.id),
    listDecisions(db, { seriesIds: [series.id], limit: ROWS }),
    unlessTableMissing(() => listAlerts(db, { seriesId: series.id, limit: ROWS }), []),
  ]);
  return {
    chart,
    accuracy,
    runs,
    versions: versions.slice(-ROWS),
    aliasHistory: aliasHistory.slice(-ROWS),
    decisions,
    alerts,
  };
}
