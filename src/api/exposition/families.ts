/**
 * What metricast exposes to Prometheus, as metric families. Every sample of a series carries the
 * same identity labels (series_id, metric, host, granularity); values are in the series' own unit
 * (see metricast_series_info), times in Unix seconds. Per series at most:
 * 5 x H forecast (band = point, lower80, upper80, lower95, upper95) + H target times + 1 issue time + 5 current + 2 last observation + 15 accuracy
 * + 1 info + 1 champion + 2 per open alert + 2 per anomaly detector (6 at most) samples.
 */
import type { ExposedAccuracy, ExposedAlert, ExposedAnomaly, ExposedForecast, ExposedSeries } from '../../db';
import type { Labels, MetricFamily, Sample } from './text-format';

/**
 * The point forecast and the edges of its 80% and 95% intervals, as the label `band`. Not
 * `quantile`: Prometheus reserves that label for summaries (promtool check metrics refuses it).
 */
const BANDS = ['point', 'lower80', 'upper80', 'lower95', 'upper95'] as const;

const seconds = (ms: number) => ms / 1000;

/** The identity labels every sample of a series carries. */
export function seriesLabels(s: ExposedSeries): Labels {
  return { series_id: String(s.id), metric: s.metric, host: s.host, granularity: s.granularity };
}

type LabelsOf = (id: number) => Labels | undefined;

function each<T extends { seriesId: number }>(
  rows: readonly T[],
  labelsOf: LabelsOf,
  sample: (row: T, labels: Labels) => Sample[],
): Sample[] {
  return rows.flatMap((row) => {
    const labels = labelsOf(row.seriesId);
    return labels ? sample(row, labels) : [];
  });
}

/** The forecast families: served horizon steps with bands, their target and issue times, the current interval's forecast. */
export function forecastFamilies(
  served: readonly ExposedForecast[],
  current: readonly ExposedForecast[],
  labelsOf: LabelsOf,
): MetricFamily[] {
  const bands = (f: ExposedForecast, labels: Labels, extra: Labels) =>
    BANDS.map((band) => ({ labels: { ...labels, ...extra, band }, value: f[band] }));
  const firstSteps = served.filter((f) => f.horizonStep === 1);
  return [
    {
      name: 'metricast_forecast',
      help: 'Newest champion forecast of each series per horizon step (1..H ahead of its issue): band point, lower80/upper80 and lower95/upper95 (interval edges). In the series unit.',
      samples: each(served, labelsOf, (f, l) => bands(f, l, { horizon: String(f.horizonStep) })),
    },
    {
      name: 'metricast_forecast_target_timestamp_seconds',
      help: 'Start of the interval each horizon step of metricast_forecast predicts.',
      samples: each(served, labelsOf, (f, l) => [
        { labels: { ...l, horizon: String(f.horizonStep) }, value: seconds(f.targetAt) },
      ]),
    },
    {
      name: 'metricast_forecast_issued_timestamp_seconds',
      help: 'Nominal hour of the cycle that issued the forecast in metricast_forecast.',
      samples: each(firstSteps, labelsOf, (f, l) => [{ labels: l, value: seconds(f.issuedAt) }]),
    },
    {
      name: 'metricast_forecast_current',
      help: 'Champion forecast for the interval holding the scrape time (newest issue covering it), with bands as in metricast_forecast: plot it against the actual.',
      samples: each(current, labelsOf, (f, l) => bands(f, l, {})),
    },
  ];
}

/** Series identity, champion and the newest observation. */
export function seriesFamilies(series: readonly ExposedSeries[]): MetricFamily[] {
  const withChampion = series.filter((s) => s.championKind !== null && s.championVersionId !== null);
  const observed = series.filter((s) => s.lastValue !== null && s.lastObservationAt !== null);
  return [
    {
      name: 'metricast_series_info',
      help: 'One per exposed series (always 1): its source, namespace and unit.',
      samples: series.map((s) => ({
        labels: { ...seriesLabels(s), source: s.source, namespace: s.namespace, unit: s.unit },
        value: 1,
      })),
    },
    {
      name: 'metricast_champion_info',
      help: 'The model serving the series (always 1): kind and registry version.',
      samples: withChampion.map((s) => ({
        labels: {
          ...seriesLabels(s),
          model_kind: s.championKind ?? '',
          model_version_id: String(s.championVersionId),
        },
        value: 1,
      })),
    },
    {
      name: 'metricast_observation_last',
      help: 'Newest stored observation of the series, in its unit.',
      samples: observed.map((s) => ({ labels: seriesLabels(s), value: s.lastValue ?? Number.NaN })),
    },
    {
      name: 'metricast_observation_last_timestamp_seconds',
      help: 'Time of the newest stored observation.',
      samples: observed.map((s) => ({ labels: seriesLabels(s), value: seconds(s.lastObservationAt ?? 0) })),
    },
  ];
}

/** Rolling accuracy of the champion: MAE, RMSE, records and interval coverage per window. */
export function accuracyFamilies(rows: readonly ExposedAccuracy[], labelsOf: LabelsOf): MetricFamily[] {
  const per = (value: (a: ExposedAccuracy) => number) =>
    each(rows, labelsOf, (a, l) => [{ labels: { ...l, window: a.window }, value: value(a) }]);
  return [
    {
      name: 'metricast_forecast_mae',
      help: 'Mean absolute error of the champion over the window (all horizon steps), in the series unit.',
      samples: per((a) => a.mae),
    },
    {
      name: 'metricast_forecast_rmse',
      help: 'Root mean square error of the champion over the window, in the series unit.',
      samples: per((a) => a.rmse),
    },
    {
      name: 'metricast_forecast_reconciled_records',
      help: 'Forecast records scored against their actual in the window.',
      samples: per((a) => a.n),
    },
    {
      name: 'metricast_forecast_interval_coverage_ratio',
      help: 'Share of actuals inside the 80% or 95% interval over the window (nominal 0.8 and 0.95).',
      samples: each(rows, labelsOf, (a, l) => [
        { labels: { ...l, window: a.window, interval: '80' }, value: a.coverage80 },
        { labels: { ...l, window: a.window, interval: '95' }, value: a.coverage95 },
      ]),
    },
  ];
}

/** Open alerts (with their lead time) and each detector's newest anomaly score. */
export function eventFamilies(
  alerts: readonly ExposedAlert[],
  anomalies: readonly ExposedAnomaly[],
  labelsOf: LabelsOf,
): MetricFamily[] {
  const alertLabels = (a: ExposedAlert, l: Labels) => ({
    ...l,
    limit_id: String(a.limitId),
    source: a.source,
  });
  return [
    {
      name: 'metricast_alert_open',
      help: 'An open alert of the series against a limit (always 1 while open).',
      samples: each(alerts, labelsOf, (a, l) => [{ labels: alertLabels(a, l), value: 1 }]),
    },
    {
      name: 'metricast_alert_lead_seconds',
      help: 'How far ahead of its cycle an open forecast alert saw the crossing.',
      samples: each(
        alerts.filter((a) => a.leadMinutes !== null),
        labelsOf,
        (a, l) => [{ labels: alertLabels(a, l), value: (a.leadMinutes ?? 0) * 60 }],
      ),
    },
    {
      name: 'metricast_anomaly_score',
      help: "Score of the detector's newest anomaly on the series, in the detector's own units (at or above its threshold).",
      samples: each(anomalies, labelsOf, (a, l) => [
        { labels: { ...l, detector: a.detector }, value: a.score },
      ]),
    },
    {
      name: 'metricast_anomaly_last_timestamp_seconds',
      help: "Time of the observation the detector's newest anomaly flagged.",
      samples: each(anomalies, labelsOf, (a, l) => [
        { labels: { ...l, detector: a.detector }, value: seconds(a.ts) },
      ]),
    },
  ];
}
