/**
 * The series page's interactive chart (uPlot, bundled and served by the API server; no CDN). Reads
 * its data from the page's `<script type="application/json" id="chart-data">`, draws history, the
 * newest forecast with its 80 % and 95 % bands, reconciled actuals, anomalies, the limit and a
 * "now" marker, shows the values under the cursor and zooms on a drag (double-click zooms out).
 * The value axis refits to what is in view, by the same rule as the server's chart.
 */
import uPlot from 'uplot';
import { ChartColor } from '../../plot/types';
import type { ChartPayload } from '../chart-payload-shape';
import { fitYScale } from '../y-scale';
import { createTooltip, drawLimit, drawNow } from './overlays';

const HEIGHT = 380;
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 4 });
const pad2 = (n: number) => String(n).padStart(2, '0');

/** Time ticks in UTC and 24-hour form: the date at midnight (`Dec 02`), else `14:00`. */
function timeTicks(_u: uPlot, ticks: number[]): string[] {
  return ticks.map((t) => {
    const d = new Date(t);
    const hm = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
    return hm === '00:00' ? d.toUTCString().slice(8, 11) + d.toUTCString().slice(4, 7) : hm;
  });
}

/** The value axis' width: its longest label plus room for the ticks and the unit's name. */
function valueAxisSize(_u: uPlot, values: string[] | null, _axis: number, _cycle: number): number {
  const longest = Math.max(3, ...(values ?? []).map((v) => v.length));
  return longest * 7 + 30;
}

/** A line series. */
const line = (label: string, stroke: string, dash?: number[]): uPlot.Series => ({
  label,
  stroke,
  width: 2,
  ...(dash ? { dash } : {}),
  points: { show: false },
});

/** An edge of a band: the fill between two edges is the band (see `bands`). */
const edge = (label: string, stroke: string): uPlot.Series => ({
  label,
  stroke,
  width: 1,
  spanGaps: true,
  points: { show: false },
});

/** Markers only, no line: actuals and anomalies. */
const dots = (label: string, color: string, size: number): uPlot.Series => ({
  label,
  stroke: color,
  paths: () => null,
  points: { show: true, size, fill: color, stroke: color },
});

function options(payload: ChartPayload, width: number): uPlot.Options {
  const tooltip: Array<(u: uPlot) => void> = [];
  return {
    width,
    height: HEIGHT,
    ms: 1,
    tzDate: (t) => uPlot.tzDate(new Date(t), 'Etc/UTC'),
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: true } },
    scales: {
      x: { time: true },
      y: {
        range: (_u, min, max) => {
          const y = fitYScale(min === null ? undefined : [min, max], payload.bounds, payload.limit?.value);
          return [y.min, y.max];
        },
      },
    },
    axes: [
      { stroke: '#475467', grid: { stroke: '#eaecf0' }, values: timeTicks },
      {
        stroke: '#475467',
        grid: { stroke: '#eaecf0' },
        label: payload.unit || undefined,
        values: (_u, ticks) => ticks.map((v) => compact.format(v)),
        size: valueAxisSize,
      },
    ],
    series: [
      { label: 'time' },
      edge('95 % upper', ChartColor.band95),
      edge('95 % lower', ChartColor.band95),
      edge('80 % upper', ChartColor.band80),
      edge('80 % lower', ChartColor.band80),
      line('history', ChartColor.history),
      { ...line('forecast', ChartColor.forecast), spanGaps: true },
      dots('actual', ChartColor.actual, 6),
      dots('anomaly', ChartColor.anomaly, 10),
    ],
    bands: [
      { series: [1, 2], fill: ChartColor.band95 },
      { series: [3, 4], fill: ChartColor.band80 },
    ],
    hooks: {
      init: [(u) => void tooltip.push(createTooltip(u, payload))],
      draw: [(u) => drawNow(u, payload), (u) => drawLimit(u, payload)],
      setCursor: [(u) => tooltip.forEach((update) => update(u))],
    },
  };
}

function data(p: ChartPayload): uPlot.AlignedData {
  return [p.t, p.upper95, p.lower95, p.upper80, p.lower80, p.history, p.forecast, p.actual, p.anomaly];
}

function main(): void {
  const root = document.getElementById('chart-root');
  const source = document.getElementById('chart-data');
  if (!root || !source?.textContent) return;
  const payload = JSON.parse(source.textContent) as ChartPayload;
  const chart = new uPlot(options(payload, root.clientWidth), data(payload), root);
  root.classList.add('chart-ready');
  new ResizeObserver(() => chart.setSize({ width: root.clientWidth, height: HEIGHT })).observe(root);
}

main();
