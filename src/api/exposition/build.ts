import {
  listChampionAccuracy,
  listCurrentForecasts,
  listExposedSeries,
  listNewestAnomalies,
  listOpenAlertsOf,
  listServedForecasts,
  type Db,
} from '../../db';
import { accuracyFamilies, eventFamilies, forecastFamilies, seriesFamilies, seriesLabels } from './families';
import { renderExposition, type MetricFamily } from './text-format';

export interface ExpositionOptions {
  /** Series exposed at most (`exposition.maxSeries`): the first by id. */
  readonly maxSeries: number;
  /** The scrape time, for `metricast_forecast_current`; default the wall clock. */
  readonly now?: number;
}

/** Every family of one scrape, read from MariaDB (a handful of queries bounded by `maxSeries`). */
export async function buildExpositionFamilies(db: Db, options: ExpositionOptions): Promise<MetricFamily[]> {
  const { series, total } = await listExposedSeries(db, options.maxSeries);
  const ids = series.map((s) => s.id);
  const labels = new Map(series.map((s) => [Number(s.id), seriesLabels(s)]));
  const labelsOf = (id: number) => labels.get(id);
  const [served, current, accuracy, alerts, anomalies] = await Promise.all([
    listServedForecasts(db, ids),
    listCurrentForecasts(db, series, options.now ?? Date.now()),
    listChampionAccuracy(db, ids),
    listOpenAlertsOf(db, ids),
    listNewestAnomalies(db, ids),
  ]);
  return [
    ...seriesFamilies(series),
    ...forecastFamilies(served, current, labelsOf),
    ...accuracyFamilies(accuracy, labelsOf),
    ...eventFamilies(alerts, anomalies, labelsOf),
    {
      name: 'metricast_exposition_series',
      help: 'Active series exposed in this scrape, and those left out past exposition.maxSeries.',
      samples: [
        { labels: { state: 'exposed' }, value: series.length },
        { labels: { state: 'omitted' }, value: Math.max(0, total - series.length) },
      ],
    },
  ];
}

/** The exposition text of one scrape. */
export async function buildExposition(db: Db, options: ExpositionOptions): Promise<string> {
  return renderExposition(await buildExpositionFamilies(db, options));
}
