import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
// The swagger plugin's types add `hide` to route schemas, which keeps these routes out of the OpenAPI document.
import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireScope } from '../api/auth';
import type { ServerDeps } from '../api/types';
import {
  countOpenAlerts,
  getSeriesWithStatus,
  listSeriesWithStatus,
  type Db,
  type SeriesWithStatus,
} from '../db';
import { renderChartPng, renderChartSvg } from '../plot';
import { asSeriesId } from '../shared';
import { chartInputOf, loadChartData } from './chart-data';
import { html } from './html';
import { page, STYLESHEET_PATH } from './layout';
import { seriesListPage } from './series-list-page';
import { seriesPage } from './series-page';
import { loadSeriesView } from './series-view';
import { TemporalUi } from './temporal-links';

/** Series listed on `/` at most; the filter narrows the rest. */
const LIST_LIMIT = 500;
/** The chart as the series page embeds it. */
const PAGE_CHART = { width: 1300, height: 400 };

/**
 * Pages are server-rendered and script-free, so the policy forbids scripts outright: even a value
 * that escaped escaping could not run. Styles come only from our own stylesheet.
 */
const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const seriesParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;
const chartQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
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

/**
 * Mounts the web dashboard on the API server: `/` (series list), `/series/:id` (chart and history of
 * one series), the chart alone as SVG or PNG, and the stylesheet. Every page needs a `read` token,
 * by bearer header or the session cookie of `/login`; the routes stay out of the OpenAPI document.
 */
export async function registerDashboard(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const { db } = deps;
  const ui = new TemporalUi(deps.config);
  const css = await readFile(join(__dirname, 'assets', 'dashboard.css'));
  const read = { preHandler: requireScope('read') };
  const hide = { hide: true } as const;

  app.get(STYLESHEET_PATH, { config: { public: true }, schema: hide }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css),
  );

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

  app.get<{ Params: { id: number } }>(
    '/series/:id',
    { ...read, schema: { ...hide, params: seriesParams } },
    async (request, reply) => {
      const series = await findSeries(db, request.params.id);
      if (!series) return sendPage(reply, notFound(request.params.id), 404);
      const view = await loadSeriesView(db, series);
      const svg = await renderChartSvg(chartInputOf(view.chart), PAGE_CHART);
      return sendPage(reply, seriesPage(view, svg, ui));
    },
  );

  for (const format of ['svg', 'png'] as const) {
    app.get<{ Params: { id: number }; Querystring: { width: number; height: number } }>(
      `/dashboard/series/:id/chart.${format}`,
      { ...read, schema: { ...hide, params: seriesParams, querystring: chartQuery } },
      async (request, reply) => {
        const series = await findSeries(db, request.params.id);
        if (!series) return sendPage(reply, notFound(request.params.id), 404);
        const input = chartInputOf(await loadChartData(db, series));
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
