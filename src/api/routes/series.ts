/** `GET /api/v1/series`: the series with their dashboard status; `GET /api/v1/series/:id`: one of them. */
import type { FastifyInstance } from 'fastify';
import { getSeriesWithStatus, listSeriesWithStatus, type SeriesWithStatus } from '../../db';
import { asSeriesId, type Granularity } from '../../shared';
import { notFound } from '../errors';
import {
  errorResponses,
  finiteOrNull,
  granularity,
  isoOrNull,
  iso,
  nullableNumber,
  nullableTime,
  seriesIdParams,
  time,
} from '../schemas';
import type { ServerDeps } from '../types';

const statusSchema = {
  type: ['object', 'null'],
  description: 'The dashboard status line, refreshed by every forecast cycle; null before the first.',
  properties: {
    status: { type: 'string', enum: ['ok', 'no_data', 'stale_data', 'stale_forecast'] },
    lastObservationAt: nullableTime,
    lastValue: nullableNumber,
    championModelVersionId: { type: ['integer', 'null'] },
    championModelKind: { type: ['string', 'null'] },
    lastIssuedAt: nullableTime,
    n24h: { type: ['integer', 'null'] },
    mae24h: nullableNumber,
    coverage80_24h: nullableNumber,
    coverage95_24h: nullableNumber,
    asOf: time,
  },
} as const;

const seriesSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    namespace: { type: 'string' },
    metric: { type: 'string' },
    host: { type: 'string' },
    unit: { type: 'string' },
    granularity,
    stepSeconds: { type: 'integer' },
    active: { type: 'boolean' },
    status: statusSchema,
  },
} as const;

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 255, description: 'Substring of the series name.' },
    granularity,
    afterId: {
      type: 'integer',
      minimum: 0,
      description: 'Only ids above this: pass the last id seen to page.',
    },
    limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 1000 },
  },
} as const;

/** A series on the wire: times as ISO strings, non-finite numbers as null. */
function toWire(s: SeriesWithStatus): unknown {
  const st = s.status;
  return {
    ...s,
    status: st && {
      ...st,
      lastObservationAt: isoOrNull(st.lastObservationAt),
      lastIssuedAt: isoOrNull(st.lastIssuedAt),
      mae24h: finiteOrNull(st.mae24h),
      asOf: iso(st.asOf),
    },
  };
}

export function seriesRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get<{ Querystring: { name?: string; granularity?: Granularity; afterId?: number; limit: number } }>(
    '/api/v1/series',
    {
      schema: {
        summary: 'Series with their status, by id; filter by name substring and granularity',
        tags: ['series'],
        querystring: listQuery,
        response: {
          200: { type: 'object', properties: { series: { type: 'array', items: seriesSchema } } },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const series = await listSeriesWithStatus(deps.db, {
        ...(q.name === undefined ? {} : { nameContains: q.name }),
        ...(q.granularity === undefined ? {} : { granularity: q.granularity }),
        ...(q.afterId === undefined ? {} : { afterId: q.afterId }),
        limit: q.limit,
      });
      return { series: series.map(toWire) };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/v1/series/:id',
    {
      schema: {
        summary: 'One series with its status',
        tags: ['series'],
        params: seriesIdParams,
        response: { 200: seriesSchema, ...errorResponses },
      },
    },
    async (request) => {
      const found = await getSeriesWithStatus(deps.db, asSeriesId(request.params.id));
      if (!found) throw notFound('params.id', request.params.id, 'stored series');
      return toWire(found);
    },
  );
}
