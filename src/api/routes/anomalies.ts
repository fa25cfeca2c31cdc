/**
 * Anomalies: `GET /api/v1/series/:id/anomalies` lists one series' flagged points and
 * `GET /api/v1/anomalies` those of every series, newest first, optionally by detector and time.
 * The rows come from the cycle's anomaly step (src/activities/anomalies-incremental.ts; older rows
 * from src/activities/anomalies.ts). `GET|PUT /api/v1/series/:id/anomaly-mail` reads and sets
 * whether a series' anomalies are mailed (opt-in, admin to change).
 */
import type { FastifyInstance } from 'fastify';
import { DetectorName } from '../../anomaly';
import {
  anomalyMailOf,
  listAnomalies,
  setAnomalyMail,
  type AnomalyFilter,
  type StoredAnomaly,
} from '../../db';
import { asSeriesId } from '../../shared';
import { requireScope } from '../../http-auth';
import { badRequest } from '../errors';
import { bodyErrorResponses, errorResponses, iso, seriesIdParams, time } from '../schemas';
import { requireSeries } from '../series-lookup';
import type { ServerDeps } from '../types';

const DETECTORS = [...Object.values(DetectorName).filter((d) => d !== DetectorName.sigma3), 'lstm'];

const anomalySchema = {
  type: 'object',
  properties: {
    seriesId: { type: 'integer' },
    ts: time,
    detector: { type: 'string', enum: DETECTORS },
    score: { type: 'number', description: "In the detector's own units; at or above its threshold." },
    value: { type: 'number' },
    detectedAt: {
      type: 'string',
      format: 'date-time',
      description: 'Nominal time of the run that flagged it.',
    },
  },
} as const;

const querystring = {
  type: 'object',
  additionalProperties: false,
  properties: {
    detector: { type: 'string', enum: DETECTORS },
    from: { type: 'string', format: 'date-time', description: 'Earliest ts (inclusive).' },
    to: { type: 'string', format: 'date-time', description: 'Latest ts (exclusive).' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  },
} as const;

interface Query {
  detector?: string;
  from?: string;
  to?: string;
  limit: number;
}

const response = {
  200: { type: 'object', properties: { anomalies: { type: 'array', items: anomalySchema } } },
  ...errorResponses,
} as const;

const toWire = (a: StoredAnomaly): unknown => ({ ...a, ts: iso(a.ts), detectedAt: iso(a.detectedAt) });

/** The query as a repository filter; `from` must precede `to`. */
function filterOf(q: Query): AnomalyFilter {
  const from = q.from === undefined ? undefined : Date.parse(q.from);
  const to = q.to === undefined ? undefined : Date.parse(q.to);
  if (from !== undefined && to !== undefined && from >= to)
    throw badRequest('query.to', q.to, `be after query.from (${q.from})`);
  return {
    ...(q.detector === undefined ? {} : { detector: q.detector }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    limit: q.limit,
  };
}

/** Registers the anomaly routes; a Promise per the server's plugin contract. */
export function anomaliesRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  app.get<{ Params: { id: number }; Querystring: Query }>(
    '/api/v1/series/:id/anomalies',
    {
      preHandler: requireScope('read'),
      schema: {
        summary: "A series' anomalies, newest first: points flagged by each detector and by their vote",
        tags: ['anomalies'],
        params: seriesIdParams,
        querystring,
        response,
      },
    },
    async (request) => {
      const filter = filterOf(request.query);
      const series = await requireSeries(deps.db, request.params.id, 'params.id');
      const anomalies = await listAnomalies(deps.db, { ...filter, seriesId: asSeriesId(series.id) });
      return { anomalies: anomalies.map(toWire) };
    },
  );

  app.get<{ Querystring: Query }>(
    '/api/v1/anomalies',
    {
      preHandler: requireScope('read'),
      schema: {
        summary: 'Anomalies of every series, newest first',
        tags: ['anomalies'],
        querystring,
        response,
      },
    },
    async (request) => ({ anomalies: (await listAnomalies(deps.db, filterOf(request.query))).map(toWire) }),
  );

  const mailSchema = {
    type: 'object',
    properties: { seriesId: { type: 'integer' }, enabled: { type: 'boolean' } },
  } as const;
  app.get<{ Params: { id: number } }>(
    '/api/v1/series/:id/anomaly-mail',
    {
      preHandler: requireScope('read'),
      schema: {
        summary: "Whether a series' anomalies are mailed",
        tags: ['anomalies'],
        params: seriesIdParams,
        response: { 200: mailSchema, ...errorResponses },
      },
    },
    async (request) => {
      const series = await requireSeries(deps.db, request.params.id, 'params.id');
      return { seriesId: series.id, enabled: (await anomalyMailOf(deps.db, asSeriesId(series.id))) === true };
    },
  );
  app.put<{ Params: { id: number }; Body: { enabled: boolean } }>(
    '/api/v1/series/:id/anomaly-mail',
    {
      preHandler: requireScope('admin'),
      schema: {
        summary: "Mail a series' anomalies, or stop (admin; off by default)",
        tags: ['anomalies'],
        params: seriesIdParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['enabled'],
          properties: { enabled: { type: 'boolean' } },
        },
        response: { 200: mailSchema, ...bodyErrorResponses },
      },
    },
    async (request) => {
      const series = await requireSeries(deps.db, request.params.id, 'params.id');
      await setAnomalyMail(deps.db, asSeriesId(series.id), request.body.enabled);
      request.log.info(
        { seriesId: series.id, enabled: request.body.enabled, by: request.principal?.name },
        'anomaly mail set',
      );
      return { seriesId: series.id, enabled: request.body.enabled };
    },
  );
  return Promise.resolve();
}
