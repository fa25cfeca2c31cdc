// The swagger plugin's types add `hide` to route schemas, which keeps these routes out of the OpenAPI document.
import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import { requireScope } from '../http-auth';
import {
  countOpenAlerts,
  getSeriesWithStatus,
  listSeriesWithStatus,
  type Db,
  type SeriesWithStatus,
} from '../db';
import { renderChartPng, renderChartSvg } from '../plot';
import { asSeriesId } from '../shared';
import { ASSETS, loadAssets } from './assets';
import { BackfillLookup } from './backfill-lookup';
import { chartInputOf, loadChartData } from './chart-data';
import { CHART_RANGE_NAMES, DEFAULT_RANGE, type ChartRange } from './chart-window';
import { html } from './html';
import { page } from './layout';
import { seriesListPage } from './series-list-page';
import { seriesPage } from './series-page';
import { ANOMALY_PAGE_SIZE, loadSeriesView } from './series-view';
import { TemporalUi } from './temporal-links';

/** Series listed on `/` at most; the filter narrows the rest. */
const LIST_LIMIT = 500;
/** The chart as the series page shows it without script. */
const PAGE_CHART = { width: 1300, height: 400 };

/**
 * Pages are server-rendered; the only scripts are files this server serves (the chart), never inline
 * ones, so even a value that escaped escaping could not run. The chart's data is a JSON block the
 * script reads, which no policy needs to allow. Styles come only from our own stylesheets.
 */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const seriesParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;
const range = { type: 'string', enum: CHART_RANGE_NAMES } as const;
const seriesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    range,
    anomalies: { type: 'integer', minimum: 1, maximum: 100_000, default: 1 },
    per: { type: 'integer', minimum: 5, maximum: 500, default: ANOMALY_PAGE_SIZE },
  },
} as const;
const chartQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    range,
    width: { type: 'integer', minimum: 200, maximum: 3000, default: PAGE_CHART.width },
    height: { type: 'integer', minimum: 120, maximum: 2000, default: PAGE_CHART.height },
  },
} as const;
const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { q: { type: 'string', maxLength: 200, default: '' } },
} as const;

function sendPage(reply: FastifyReply, markup: string, status = 200): FastifyReply {
  return reply
    .status(status)
    .header('content-security-policy', CSP)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(markup);
}

async function findSeries(db: Db, id: number): Promise<SeriesWithStatus | undefined> {
  return getSeriesWithStatus(db, asSeriesId(id));
}

const notFound = (id: number): string =>
  page(
    'Not found',
    html`<h1>Not found</h1>
      <p>No series has id ${id}. <a href="/">All series</a></p>`,
  );

/** What the pages read from: the database, the configuration, and Temporal for backfill links. */
export interface DashboardDeps {
  readonly db: Db;
  readonly config: Config;
  /** Absent in read-only setups: the pages then show no backfills. */
  readonly temporal?: Client;
}

/**
 * Mounts the web dashboard on the HTTP server beside the API: `/` (series list), `/series/:id`
 * (interactive chart and history of one series), the chart alone as SVG or PNG (e-mail and
 * no-script rendering), and the assets (stylesheets, chart script, favicon). Every page needs a
 * `read` token, by bearer header or the session cookie of `/login` (`src/http-auth`); the routes
 * stay out of the OpenAPI document.
 */

export async function registerDashboard(app: FastifyInstance, deps: DashboardDeps): Promise<void> {
  const { db } = deps;
  const ui = new TemporalUi(deps.config);
  const backfills = new BackfillLookup(deps.temporal);
  const assets = await loadAssets();
  const read = { preHandler: requireScope('read') };
  const hide = { hide: true } as const;

  // Public: they hold no data, and the login page (and a browser's favicon probe) load them too.
  // Revalidated on every use (a new release changes them); an unchanged one costs a 304.
  for (const [name, path] of Object.entries(ASSETS) as Array<[keyof typeof ASSETS, string]>) {
    const asset = assets[name];
    app.get(path, { config: { public: true }, schema: hide }, async (request, reply) => {
      reply.header('etag', asset.etag).header('cache-control', 'public, no-cache');
      if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
      return reply.type(asset.type).send(asset.body);
    });
  }

  app.get<{ Querystring: { q: string } }>(
    '/',
    { ...read, schema: { ...hide, querystring: listQuery } },
    async (request, reply) => {
      const q = request.query.q.trim();
      const [series, openAlerts] = await Promise.all([
        listSeriesWithStatus(db, { ...(q ? { nameContains: q } : {}), limit: LIST_LIMIT + 1 }),
        countOpenAlerts(db),
      ]);
      const view = {
        series: series.slice(0, LIST_LIMIT),
        more: series.length > LIST_LIMIT,
        openAlerts,
        query: q,
      };
      return sendPage(reply, seriesListPage(view));
    },
  );

  app.get<{ Params: { id: number }; Querystring: { range?: ChartRange; anomalies: number; per: number } }>(
    '/series/:id',
    { ...read, schema: { ...hide, params: seriesParams, querystring: seriesQuery } },
    async (request, reply) => {
      const series = await findSeries(db, request.params.id);
      if (!series) return sendPage(reply, notFound(request.params.id), 404);
      const query = {
        range: request.query.range ?? DEFAULT_RANGE[series.granularity],
        anomalyPage: request.query.anomalies,
        anomaliesPerPage: request.query.per,
      };
      const [view, known] = await Promise.all([loadSeriesView(db, series, query), backfills.list()]);
      return sendPage(reply, seriesPage(view, ui, known));
    },
  );

  for (const format of ['svg', 'png'] as const) {
    app.get<{ Params: { id: number }; Querystring: { range?: ChartRange; width: number; height: number } }>(
      `/dashboard/series/:id/chart.${format}`,
      { ...read, schema: { ...hide, params: seriesParams, querystring: chartQuery } },
      async (request, reply) => {
        const series = await findSeries(db, request.params.id);
        if (!series) return sendPage(reply, notFound(request.params.id), 404);
        const chartRange = request.query.range ?? DEFAULT_RANGE[series.granularity];
        const input = chartInputOf(await loadChartData(db, series, chartRange));
        const size = { width: request.query.width, height: request.query.height };
        reply.header('cache-control', 'no-store');
        if (format === 'png') return reply.type('image/png').send(await renderChartPng(input, size));
        return reply
          .type('image/svg+xml; charset=utf-8')
          .header('content-security-policy', CSP)
          .send(await renderChartSvg(input, size));
      },
    );
  }
}
