import type { Alert, StoredAnomaly } from '../db';
import type { TimeRange } from '../shared';
import { formatNumber, formatTime } from './format';
import { html, type SafeHtml } from './html';
import { table } from './layout';

/** The series' alerts, newest first. */
export function alertsSection(alerts: readonly Alert[]): SafeHtml {
  const rows = alerts.map(
    (a) =>
      html`<tr>
        <td><span class="alert-state alert-${a.state}">${a.state}</span></td>
        <td>${a.source}</td>
        <td>${formatTime(a.openedAt)}</td>
        <td>${formatTime(a.crossingAt)}</td>
        <td class="num">${a.leadMinutes ?? '–'}</td>
        <td class="num">${formatNumber(a.value)}</td>
        <td class="num">${formatNumber(a.threshold)}</td>
        <td>${formatTime(a.resolvedAt)}</td>
        <td>${a.message}</td>
      </tr>`,
  );
  return table(
    'Alerts',
    ['state', 'source', 'opened', 'crossing at', 'lead (min)', 'value', 'limit', 'resolved', 'message'],
    rows,
    'alerts',
  );
}

/** One page of a series' anomalies, newest first, as `GET /api/v1/series/:id/anomalies` orders them. */
export interface AnomalyPage {
  readonly rows: readonly StoredAnomaly[];
  readonly total: number;
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
}

/** Links to the newer and older pages, when there are any. */
function pager(p: AnomalyPage, href: (page: number) => string): SafeHtml {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const first = (p.page - 1) * p.pageSize + 1;
  const last = first + p.rows.length - 1;
  return html`<p class="pager small">
    ${p.page > 1 ? html`<a href="${href(p.page - 1)}" rel="prev">« newer</a>` : ''}
    <span
      >${p.rows.length ? `${first}–${last} of ${p.total}` : `none of ${p.total} on this page`} · page
      ${p.page} of ${pages}</span
    >
    ${p.page < pages ? html`<a href="${href(p.page + 1)}" rel="next">older »</a>` : ''}
  </p>`;
}

/**
 * Every anomaly of the series, paged, newest first; those inside the chart's window are marked
 * (the chart draws them).
 */
export function anomaliesSection(p: AnomalyPage, chart: TimeRange, href: (page: number) => string): SafeHtml {
  if (p.total === 0)
    return html`<section id="anomalies">
      <h2>Anomalies</h2>
      <p class="none">none detected</p>
    </section>`;
  const rows = p.rows.map((a) => {
    const onChart = a.ts >= chart.from && a.ts < chart.to;
    return html`<tr data-ts="${a.ts}" data-detector="${a.detector}" class="${onChart ? 'on-chart' : ''}">
      <td>${formatTime(a.ts)}</td>
      <td>${a.detector}</td>
      <td class="num">${formatNumber(a.value)}</td>
      <td class="num">${formatNumber(a.score)}</td>
      <td>${formatTime(a.detectedAt)}</td>
      <td>
        ${onChart ? html`<span class="on-chart-mark" title="drawn on the chart">◆ on chart</span>` : ''}
      </td>
    </tr>`;
  });
  return html`<section id="anomalies">
    <h2>Anomalies (${p.total})</h2>
    ${pager(p, href)}
    <table>
      <thead>
        <tr>
          ${['at', 'detector', 'value', 'score', 'detected', ''].map((h) => html`<th>${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </section>`;
}
