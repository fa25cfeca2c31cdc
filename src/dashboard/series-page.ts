import { ASSETS } from './assets';
import { chartPayload, payloadJson } from './chart-payload';
import { limitLabel, type ChartData } from './chart-data';
import { CHART_RANGE_NAMES, type ChartRange } from './chart-window';
import { alertsSection, anomaliesSection } from './event-sections';
import { formatNumber, formatShare, formatTime } from './format';
import { html, trustedHtml, type SafeHtml } from './html';
import { page } from './layout';
import {
  aliasHistorySection,
  decisionsSection,
  runsSection,
  scoresSection,
  versionsSection,
} from './model-sections';
import { healthBadge, healthLegend } from './series-health-html';
import { ANOMALY_PAGE_SIZE, type SeriesView } from './series-view';
import { seriesWorkflowLinks, type BackfillRange, type TemporalUi } from './temporal-links';

/** Path of a series' chart as a standalone SVG (or `.png`), for a range. */
export const chartPath = (seriesId: number, range: ChartRange, format: 'svg' | 'png' = 'svg'): string =>
  `/dashboard/series/${seriesId}/chart.${format}?range=${range}`;

/** Address of the series page for a range (and a page of its anomaly list, of `per` rows). */
function pagePath(seriesId: number, range: ChartRange, anomalies?: { page: number; per: number }): string {
  const base = `/series/${seriesId}?range=${range}`;
  if (!anomalies) return base;
  const per = anomalies.per === ANOMALY_PAGE_SIZE ? '' : `&per=${anomalies.per}`;
  return `${base}&anomalies=${anomalies.page}${per}#anomalies`;
}

function header(view: SeriesView): SafeHtml {
  const { series: s, forecast, modelKind, modelVersionId } = view.chart;
  const st = s.status;
  const issued = forecast[0]?.issuedAt;
  return html`<h1>${s.name}</h1>
    <dl class="facts">
      <dt>status</dt>
      <dd>${healthBadge(s)} <a href="#legend" class="small">what it means</a></dd>
      <dt>granularity · unit</dt>
      <dd>${s.granularity} · ${s.unit || '–'}</dd>
      <dt>last observation</dt>
      <dd>${formatTime(st?.lastObservationAt)} UTC (${formatNumber(st?.lastValue)})</dd>
      <dt>champion forecast</dt>
      <dd>
        ${issued === undefined ? 'none yet' : `${modelKind ?? '?'} #${modelVersionId ?? '?'}, issued ${formatTime(issued)} UTC, ${forecast.length} steps`}
      </dd>
      <dt>last 24 h</dt>
      <dd>
        ${st?.n24h ?? 0} records scored · MAE ${formatNumber(st?.mae24h)} · 80 % band held
        ${formatShare(st?.coverage80_24h)} · 95 % band held ${formatShare(st?.coverage95_24h)}
      </dd>
    </dl>`;
}

/** Where the limit is: on the chart, or beyond its values (then said in words, not drawn). */
function limitNote(chart: ChartData): SafeHtml {
  const { limit, y } = chart;
  if (!limit || !y.limit) return html``;
  if (y.limit === 'shown')
    return html`<li class="limit-note"><i class="swatch swatch-limit"></i>${limitLabel(limit)}</li>`;
  const edge =
    y.limit === 'above'
      ? `above the chart (its top is ${formatNumber(y.max)})`
      : `below the chart (its bottom is ${formatNumber(y.min)})`;
  return html`<li class="limit-note limit-off">${limitLabel(limit)}: ${edge}, so not drawn</li>`;
}

/** The legend of what the chart draws: only the layers it has. */
function chartLegend(chart: ChartData): SafeHtml {
  const hasForecast = chart.forecast.length > 0;
  const entries: Array<[string, string, boolean]> = [
    ['history', 'history', chart.history.length > 0],
    ['forecast', 'forecast', hasForecast],
    ['band80', '80 % band', hasForecast],
    ['band95', '95 % band', hasForecast],
    ['actual', 'actual it was scored against', chart.actuals.length > 0],
    ['anomaly', 'anomaly', chart.anomalies.length > 0],
    [
      'now',
      `${chart.window.forecastBehind ? 'forecast issued' : 'now'} (the newest forecast's issue time)`,
      hasForecast,
    ],
  ];
  return html`<ul class="chart-legend small">
    ${entries.filter((e) => e[2]).map(([k, label]) => html`<li><i class="swatch swatch-${k}"></i>${label}</li>`)}
    ${limitNote(chart)}
  </ul>`;
}

function chartSection(view: SeriesView): SafeHtml {
  const { chart } = view;
  const id = chart.series.id;
  const ranges = CHART_RANGE_NAMES.map((r) =>
    r === chart.range
      ? html`<a class="range current" aria-current="true" href="${pagePath(id, r)}">${r}</a>`
      : html`<a class="range" href="${pagePath(id, r)}">${r}</a>`,
  );
  return html`<section id="chart">
    <div class="chart-head">
      <div class="ranges" role="group" aria-label="history shown">history: ${ranges}</div>
      <span class="small">hover for values · drag across to zoom · double-click to zoom out</span>
    </div>
    <div id="chart-root" class="chart"></div>
    <noscript
      ><img class="chart-fallback" src="${chartPath(id, chart.range)}" alt="chart of ${chart.series.name}"
    /></noscript>
    <script type="application/json" id="chart-data">
      ${trustedHtml(payloadJson(chartPayload(chart)))}
    </script>
    ${chartLegend(chart)}
    <p class="small">
      ${formatTime(chart.window.from)} to ${formatTime(chart.window.to - 1)} UTC · bands clipped to the unit's
      range ·
      <a href="${chartPath(id, chart.range)}">SVG</a> · <a href="${chartPath(id, chart.range, 'png')}">PNG</a>
    </p>
  </section>`;
}

function workflowsSection(view: SeriesView, ui: TemporalUi, backfills: readonly BackfillRange[]): SafeHtml {
  const s = view.chart.series;
  const issuedAt = view.chart.forecast[0]?.issuedAt ?? s.status?.lastIssuedAt ?? null;
  const links = seriesWorkflowLinks(ui, { seriesId: s.id, granularity: s.granularity, issuedAt, backfills });
  return html`<section id="workflows">
    <h2>Workflows (Temporal UI)</h2>
    <ul class="links">
      ${links.map((l) => html`<li><a href="${l.href}">${l.label}</a></li>`)}
    </ul>
  </section>`;
}

/** `/series/:id`: chart, alerts, anomalies, model scores, registry, decisions and workflow links. */
export function seriesPage(view: SeriesView, ui: TemporalUi, backfills: readonly BackfillRange[]): string {
  const s = view.chart.series;
  const anomalyHref = (page: number) =>
    pagePath(s.id, view.chart.range, { page, per: view.anomalies.pageSize });
  const body = html`${header(view)} ${chartSection(view)} ${alertsSection(view.alerts)}
  ${anomaliesSection(view.anomalies, view.chart.window, anomalyHref)} ${scoresSection(view.accuracy)}
  ${decisionsSection(view.decisions, ui)} ${runsSection(view.runs)} ${versionsSection(view.versions)}
  ${aliasHistorySection(view.aliasHistory)} ${workflowsSection(view, ui, backfills)} ${healthLegend()}`;
  return page(s.name, body, { styles: [ASSETS.uplotStylesheet], scripts: [ASSETS.chartScript] });
}
