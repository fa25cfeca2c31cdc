/**
 * The browser chart's data: one JSON document in the page (`<script type="application/json">`,
 * read by the served script; no inline script runs). Columns share one time axis, as uPlot wants
 * them, with null where a layer has no value (`ChartPayload`, in a file of its own so the browser
 * code can import it without the server's modules).
 */
import { limitLabel, type ChartData } from './chart-data';
import type { ChartPayload, Column } from './chart-payload-shape';

/** Six significant digits: the page stays small and no value shown loses a digit. */
const round = (v: number): number => Number(v.toPrecision(6));

/** Builds the aligned columns of a chart. */
export function chartPayload(data: ChartData): ChartPayload {
  const { window } = data;
  // The window's ends are on the axis, so the chart spans it even where data is missing.
  const times = new Set<number>([window.from, window.to - 1]);
  const add = (t: number) => times.add(t);
  data.history.forEach((p) => add(p.t));
  data.forecast.forEach((f) => add(f.t));
  data.actuals.forEach((p) => add(p.t));
  data.anomalies.forEach((a) => add(a.ts));
  const t = [...times].sort((a, b) => a - b);
  const index = new Map(t.map((time, i) => [time, i]));
  const column = (): Column => new Array<number | null>(t.length).fill(null);
  const cols = {
    ...{ history: column(), forecast: column(), actual: column(), anomaly: column() },
    ...{ lower80: column(), upper80: column(), lower95: column(), upper95: column() },
  };
  const set = (col: Column, time: number, v: number) => (col[index.get(time) ?? -1] = round(v));
  data.history.forEach((p) => set(cols.history, p.t, p.v));
  data.actuals.forEach((p) => set(cols.actual, p.t, p.v));
  for (const f of data.forecast) {
    set(cols.forecast, f.t, f.point);
    for (const k of ['lower80', 'upper80', 'lower95', 'upper95'] as const) set(cols[k], f.t, f[k]);
  }
  const detectors: Array<string | null> = new Array<string | null>(t.length).fill(null);
  for (const a of [...data.anomalies].reverse()) {
    const i = index.get(a.ts) ?? -1;
    detectors[i] = detectors[i] ? `${detectors[i]}, ${a.detector}` : a.detector;
    set(cols.anomaly, a.ts, a.value);
  }
  const { series, limit } = data;
  return {
    ...{ title: series.name, unit: series.unit, stepMs: series.stepSeconds * 1000 },
    ...{ window: { from: window.from, to: window.to }, now: window.now },
    nowLabel: window.forecastBehind ? 'forecast issued' : 'now',
    ...{ bounds: data.bounds, y: data.y },
    limit: limit && data.y.limit === 'shown' ? { value: limit.threshold, label: limitLabel(limit) } : null,
    ...{ t, ...cols, detectors },
  };
}

/** The payload as JSON that is safe inside `<script type="application/json">`: no `<` survives. */
export function payloadJson(payload: ChartPayload): string {
  return JSON.stringify(payload).replace(/</g, '\\u003c');
}
