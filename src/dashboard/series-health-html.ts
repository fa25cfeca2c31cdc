import type { SeriesWithStatus } from '../db';
import { formatShare } from './format';
import { html, type SafeHtml } from './html';
import { HEALTH_LEGEND, healthOf } from './series-health';

/** A series' status as a badge; its title gives the 95 % coverage it was judged on. */
export function healthBadge(series: Pick<SeriesWithStatus, 'status'>): SafeHtml {
  const health = healthOf(series);
  const st = series.status;
  const title = st
    ? `95 % band held ${formatShare(st.coverage95_24h)} of ${st.n24h ?? 0} records in 24 h`
    : '';
  return html`<span class="status status-${health}" title="${title}">${health}</span>`;
}

/** What each status means, as a definition list under the heading "Status legend". */
export function healthLegend(): SafeHtml {
  return html`<section id="legend">
    <h2>Status legend</h2>
    <dl class="legend">
      ${HEALTH_LEGEND.map(
        ([status, meaning]) =>
          html`<dt><span class="status status-${status}">${status}</span></dt>
            <dd>${meaning}</dd>`,
      )}
    </dl>
  </section>`;
}
