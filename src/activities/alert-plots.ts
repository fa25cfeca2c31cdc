/**
 * The plot each alert mail carries: the series' recent history, its newest champion forecast with
 * the 80/95% bands, and the limit line, as of the delivery that claimed the mail (so a resent mail
 * shows the same picture).
 */
import { latestForecast, listSeries, readObservations, type Db, type OutboxEntry } from '../db';
import type { MailPlot } from '../mail';
import { renderChartPng } from '../plot';
import { STEP_MS } from '../shared';

/** History shown before the forecast: two days of hourly points, or four hours of 5-minute ones. */
const HISTORY_STEPS = 48;
const PLOT_SIZE = { width: 800, height: 320 };

/** One PNG per series among `entries` (the first entry's limit is drawn). */
export async function plotsFor(db: Db, entries: readonly OutboxEntry[], asOf: number): Promise<MailPlot[]> {
  const bySeries = new Map<number, OutboxEntry>();
  for (const e of entries) if (!bySeries.has(e.seriesId)) bySeries.set(e.seriesId, e);
  const plots: MailPlot[] = [];
  for (const entry of bySeries.values()) plots.push(await plotOne(db, entry, asOf));
  return plots;
}

async function plotOne(db: Db, entry: OutboxEntry, asOf: number): Promise<MailPlot> {
  const [series] = await listSeries(db, { ids: [entry.seriesId] });
  const step = STEP_MS[series?.granularity ?? '1h'];
  const history = await readObservations(db, entry.seriesId, { from: asOf - HISTORY_STEPS * step, to: asOf });
  const forecast = await latestForecast(db, entry.seriesId, { asOf });
  const png = await renderChartPng(
    {
      title: entry.seriesName,
      unit: entry.unit || undefined,
      history: history.map((o) => ({ t: o.t, v: o.value })),
      forecast: forecast.map((f) => ({
        t: f.targetAt,
        point: f.point,
        lower80: f.lower80,
        upper80: f.upper80,
        lower95: f.lower95,
        upper95: f.upper95,
      })),
      limit:
        entry.threshold === null ? undefined : { value: entry.threshold, label: `limit ${entry.threshold}` },
    },
    PLOT_SIZE,
  );
  return { seriesId: entry.seriesId, seriesName: entry.seriesName, png };
}
