import { formatNumber, formatTime } from './format';
import { html, trustedHtml, type SafeHtml } from './html';
import { page } from './layout';
import {
  aliasHistorySection,
  decisionsSection,
  runsSection,
  scoresSection,
  versionsSection,
} from './model-sections';
import { alertsSection, anomaliesSection } from './event-sections';
import type { SeriesView } from './series-view';
import { seriesWorkflowLinks, type TemporalUi } from './temporal-links';

/** Path of a series' chart as a standalone SVG. */
export const chartPath = (seriesId: number): string => `/dashboard/series/${seriesId}/chart.svg`;

function header(view: SeriesView): SafeHtml {
  const s = view.chart.series;
  const st = s.status;
  const newest = view.chart.forecast[0];
  return html`<h1>${s.name}</h1>
    <dl class="facts">
      <dt>status</dt>
      <dd><span class="status status-${st?.status ?? 'unknown'}">${st?.status ?? 'not refreshed'}</span></dd>
      <dt>granularity</dt>
      <dd>${s.granularity}</dd>
      <dt>unit</dt>
      <dd>${s.unit || '–'}</dd>
      <dt>last observation</dt>
      <dd>${formatTime(st?.lastObservationAt)} (${formatNumber(st?.lastValue)})</dd>
      <dt>champion forecast</dt>
      <dd>
        ${newest ? `${newest.modelKind} #${newest.modelVersionId}, issued ${formatTime(newest.issuedAt)}, ${view.chart.forecast.length} steps` : 'none yet'}
      </dd>
    </dl>`;
}

function workflowsSection(view: SeriesView, ui: TemporalUi): SafeHtml {
  const s = view.chart.series;
  const links = seriesWorkflowLinks(
    ui,
    s.id,
    view.chart.forecast[0]?.issuedAt ?? s.status?.lastIssuedAt ?? null,
  );
  return html`<section id="workflows">
    <h2>Workflows (Temporal UI)</h2>
    <ul class="links">
      ${links.map((l) => html`<li><a href="${l.href}">${l.label}</a></li>`)}
    </ul>
  </section>`;
}

/** `/series/:id`: chart, model scores, registry, retrain decisions, alerts, anomalies and workflow links. */
export function seriesPage(view: SeriesView, chartSvg: string, ui: TemporalUi): string {
  const s = view.chart.series;
  const body = html`${header(view)}
    <section id="chart">
      <div class="chart">${trustedHtml(chartSvg)}</div>
      <p class="small">
        History since ${formatTime(view.chart.window.from)} UTC ·
        <a href="${chartPath(s.id)}">chart as SVG</a>
      </p>
    </section>
    ${alertsSection(view.alerts)} ${scoresSection(view.accuracy)} ${runsSection(view.runs)}
    ${versionsSection(view.versions)} ${aliasHistorySection(view.aliasHistory)}
    ${decisionsSection(view.decisions, ui)} ${anomaliesSection(view.chart.anomalies)}
    ${workflowsSection(view, ui)}`;
  return page(s.name, body);
}
