import type { SeriesId } from '../shared';
import type { SeriesWithStatus } from '../db';
import { formatNumber, formatShare, formatTime } from './format';
import { html } from './html';
import { page, table } from './layout';
import { healthBadge, healthLegend } from './series-health-html';

export interface SeriesListView {
  readonly series: readonly SeriesWithStatus[];
  /** True when more series match than are listed. */
  readonly more: boolean;
  readonly openAlerts: ReadonlyMap<SeriesId, number>;
  readonly query: string;
}

/** `/`: every series with its status line and open alerts, a name filter on top. */
export function seriesListPage(view: SeriesListView): string {
  const totalOpen = [...view.openAlerts.values()].reduce((a, b) => a + b, 0);
  const rows = view.series.map((s) => {
    const st = s.status;
    const open = view.openAlerts.get(s.id) ?? 0;
    return html`<tr>
      <td><a href="/series/${s.id}">${s.name}</a></td>
      <td>${healthBadge(s)}</td>
      <td>${formatTime(st?.lastObservationAt)}</td>
      <td class="num">${formatNumber(st?.lastValue)}</td>
      <td>${st?.championModelKind ?? '–'}</td>
      <td>${formatTime(st?.lastIssuedAt)}</td>
      <td class="num">${formatNumber(st?.mae24h)}</td>
      <td class="num">${formatShare(st?.coverage80_24h)}</td>
      <td class="num">${formatShare(st?.coverage95_24h)}</td>
      <td class="num">${open > 0 ? html`<span class="alerts-open">${open}</span>` : '0'}</td>
    </tr>`;
  });
  const body = html`<h1>Series</h1>
    <p class="summary">
      <span id="open-alerts">${totalOpen}</span> open alert${totalOpen === 1 ? '' : 's'} ·
      ${view.series.length}${view.more ? '+' : ''} series listed
    </p>
    <form method="get" action="/" class="filter">
      <input name="q" value="${view.query}" placeholder="name contains…" />
      <button type="submit">filter</button>
    </form>
    ${table(
      'Status',
      [
        'series',
        'status',
        'last observation',
        'last value',
        'champion',
        'last forecast',
        'MAE 24h',
        'cov80 24h',
        'cov95 24h',
        'open alerts',
      ],
      rows,
      'series-list',
    )}
    ${view.more ? html`<p class="none">More series match; narrow the filter.</p>` : ''} ${healthLegend()}`;
  return page('Series', body);
}
