import {
  accuracyOverTime,
  countSeriesAnomalies,
  listAnomalies,
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
import type { ChartRange } from './chart-window';
import type { AnomalyPage } from './event-sections';

const DAY = 86_400_000;
/** Rows per table: the page stays small; the API has the rest. */
const ROWS = 30;
/** Anomalies per page of the list, unless the address asks for another size. */
export const ANOMALY_PAGE_SIZE = 25;

/** What the page's address chose: the chart's range and the page of the anomaly list. */
export interface SeriesViewQuery {
  readonly range: ChartRange;
  readonly anomalyPage: number;
  readonly anomaliesPerPage: number;
}

/** Everything the series page shows besides the chart's own data. */
export interface SeriesView {
  readonly chart: ChartData;
  readonly accuracy: readonly VersionAccuracy[];
  readonly runs: readonly TrainingRun[];
  readonly versions: readonly SeriesVersion[];
  readonly aliasHistory: readonly SeriesAliasMove[];
  readonly decisions: readonly RetrainDecision[];
  readonly alerts: readonly Alert[];
  readonly anomalies: AnomalyPage;
}

/** One page of the series' anomalies, in the order and from the query of the API's list. */
async function anomalyPage(
  db: Db,
  series: SeriesWithStatus,
  page: number,
  size: number,
): Promise<AnomalyPage> {
  const offset = (page - 1) * size;
  const [rows, total] = await Promise.all([
    unlessTableMissing(() => listAnomalies(db, { seriesId: series.id, limit: size, offset }), []),
    countSeriesAnomalies(db, series.id),
  ]);
  return { rows, total, page, pageSize: size };
}

/** Loads a series page: the chart data first (its window bounds the accuracy history), then the rest at once. */
export async function loadSeriesView(
  db: Db,
  series: SeriesWithStatus,
  query: SeriesViewQuery,
): Promise<SeriesView> {
  const chart = await loadChartData(db, series, query.range);
  const [accuracy, runs, versions, aliasHistory, decisions, alerts, anomalies] = await Promise.all([
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
    anomalyPage(db, series, query.anomalyPage, query.anomaliesPerPage),
  ]);
  return {
    chart,
    accuracy,
    runs,
    versions: versions.slice(-ROWS),
    aliasHistory: aliasHistory.slice(-ROWS),
    decisions,
    alerts,
    anomalies,
  };
}
