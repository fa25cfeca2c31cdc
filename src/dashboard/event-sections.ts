import type { Alert, DashboardAnomaly } from '../db';
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

/** The series' anomalies in the chart's window, newest first. */
export function anomaliesSection(anomalies: readonly DashboardAnomaly[]): SafeHtml {
  const rows = anomalies.map(
    (a) =>
      html`<tr>
        <td>${formatTime(a.t)}</td>
        <td>${a.detector}</td>
        <td class="num">${formatNumber(a.value)}</td>
        <td class="num">${formatNumber(a.score)}</td>
      </tr>`,
  );
  return table('Anomalies', ['at', 'detector', 'value', 'score'], rows, 'anomalies');
}
