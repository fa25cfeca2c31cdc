/**
 * What the browser chart draws over uPlot's own marks: the "now" marker, the alert limit and the
 * hover tooltip. The tooltip is built from text nodes (never markup) and placed through the CSSOM,
 * which the page's Content-Security-Policy allows (style attributes in markup it does not).
 */
import type uPlot from 'uplot';
import { ChartColor } from '../../plot/types';
import type { ChartPayload } from '../chart-payload-shape';
import { formatNumber, formatTime } from '../format';

/** Draws a dashed line across the plotting area, in canvas pixels. */
function dashed(u: uPlot, from: [number, number], to: [number, number], color: string): void {
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = devicePixelRatio;
  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.beginPath();
  ctx.moveTo(...from);
  ctx.lineTo(...to);
  ctx.stroke();
  ctx.restore();
}

/** Writes a label at (x, y) in canvas pixels; to the left of x when it would run off the plot. */
function label(u: uPlot, text: string, x: number, y: number, color: string): void {
  const ctx = u.ctx;
  const dpr = devicePixelRatio;
  ctx.save();
  ctx.fillStyle = color;
  ctx.font = `${11 * dpr}px sans-serif`;
  const width = ctx.measureText(text).width;
  const fits = x + 4 * dpr + width <= u.bbox.left + u.bbox.width;
  ctx.textAlign = fits ? 'left' : 'right';
  ctx.fillText(text, fits ? x + 4 * dpr : x - 4 * dpr, y);
  ctx.restore();
}

/** The "now" marker: a vertical line at the forecast's issue time, when it is in view. */
export function drawNow(u: uPlot, payload: ChartPayload): void {
  if (payload.now === null) return;
  const { left, top, width, height } = u.bbox;
  // On a pixel's centre, so the line is one crisp column wide.
  const x = Math.round(u.valToPos(payload.now, 'x', true)) + 0.5;
  if (x < left || x > left + width) return;
  dashed(u, [x, top], [x, top + height], ChartColor.now);
  const text = `${payload.nowLabel} ${formatTime(payload.now).slice(11)}`;
  label(u, text, x, top + 12 * devicePixelRatio, ChartColor.now);
}

/** The alert limit: a horizontal line, when it lies inside the value axis in view. */
export function drawLimit(u: uPlot, payload: ChartPayload): void {
  if (payload.limit === null) return;
  const { left, top, width, height } = u.bbox;
  const y = Math.round(u.valToPos(payload.limit.value, 'y', true)) + 0.5;
  if (y < top || y > top + height) return;
  dashed(u, [left, y], [left + width, y], ChartColor.limit);
  // At the left, over the history: the forecast's end of the line is where the band is busiest.
  label(u, payload.limit.label, left, y - 4 * devicePixelRatio, ChartColor.limit);
}

/** `lo – hi` of a band at one time, or undefined when the band has no value there. */
function band(lo: number | null | undefined, hi: number | null | undefined): string | undefined {
  return lo == null || hi == null ? undefined : `${formatNumber(lo)} – ${formatNumber(hi)}`;
}

/** The lines of the tooltip at column `i`: only what has a value there. */
export function tooltipLines(payload: ChartPayload, i: number): Array<[string, string]> {
  const p = payload;
  const unit = p.unit ? ` ${p.unit}` : '';
  const value = (v: number | null | undefined) => (v == null ? undefined : `${formatNumber(v)}${unit}`);
  const lines: Array<[string, string | undefined]> = [
    ['time', `${formatTime(p.t[i])} UTC`],
    ['history', value(p.history[i])],
    ['forecast', value(p.forecast[i])],
    ['80 %', band(p.lower80[i], p.upper80[i])],
    ['95 %', band(p.lower95[i], p.upper95[i])],
    ['actual', value(p.actual[i])],
    ['anomaly', p.detectors[i] ?? undefined],
  ];
  return lines.filter((l): l is [string, string] => l[1] !== undefined);
}

/** A tooltip in the chart's overlay that follows the cursor and lists the values under it. */
export function createTooltip(u: uPlot, payload: ChartPayload): (u: uPlot) => void {
  const tip = document.createElement('div');
  tip.className = 'chart-tooltip';
  tip.id = 'chart-tooltip';
  tip.hidden = true;
  u.over.appendChild(tip);
  return (self: uPlot) => {
    const { idx, left, top } = self.cursor;
    if (idx === null || idx === undefined || left === undefined || left < 0) {
      tip.hidden = true;
      return;
    }
    tip.replaceChildren(
      ...tooltipLines(payload, idx).map(([name, text]) => {
        const row = document.createElement('div');
        const label = document.createElement('span');
        label.className = `tip-${name.replace(/\W/g, '')}`;
        label.textContent = `${name} `;
        row.append(label, text);
        return row;
      }),
    );
    tip.hidden = false;
    // Left of the cursor on the right half, so it never runs off the chart.
    const onRight = left > self.over.clientWidth / 2;
    tip.style.left = onRight ? '' : `${left + 12}px`;
    tip.style.right = onRight ? `${self.over.clientWidth - left + 12}px` : '';
    tip.style.top = `${Math.max(0, (top ?? 0) - 10)}px`;
  };
}
