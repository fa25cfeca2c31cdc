/**
 * `GET /api/v1/series/:id/predictions`: the newest forecasts of a series with their 80/95% intervals
 * and, once reconciled, their actuals. Older engines called it `GET /predictions?series=<id>`, which
 * answers the same. One query, index-backed (see `seriesPredictions`): this is the hot route.
 */
import type { FastifyInstance } from 'fastify';
import { seriesPredictions, type PredictionIssue, type PredictionRole } from '../../db';
import { asModelVersionId, asSeriesId } from '../../shared';
import { notFound } from '../errors';
import { TtlCache } from '../ttl-cache';
import {
  errorResponses,
  forecastStepProperties,
  granularity,
  iso,
  nullableNumber,
  seriesIdParams,
  time,
} from '../schemas';
import type { ServerDeps } from '../types';

interface PredictionsQuery {
  issues: number;
  role: PredictionRole;
  version?: number;
}

const query = {
  issues: {
    type: 'integer',
    minimum: 1,
    maximum: 168,
    default: 1,
    description: 'How many of the newest issue times.',
  },
  role: {
    type: 'string',
    enum: ['champion', 'challenger', 'external'],
    default: 'champion',
    description: 'Which forecasts: the champion (served), the challenger (shadow) or external models.',
  },
  version: { type: 'integer', minimum: 1, description: 'Only this model version.' },
} as const;

const stepSchema = {
  type: 'object',
  properties: {
    ...forecastStepProperties,
    status: { type: 'string', enum: ['pending', 'reconciled', 'missing'] },
    actual: nullableNumber,
  },
} as const;

const responseSchema = {
  type: 'object',
  properties: {
    series: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        name: { type: 'string' },
        granularity,
        unit: { type: 'string' },
      },
    },
    role: { type: 'string' },
    issues: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          issuedAt: time,
          modelVersionId: { type: 'integer' },
          modelKind: { type: 'string' },
          steps: { type: 'array', items: stepSchema },
        },
      },
    },
  },
} as const;

const toWire = (issue: PredictionIssue): unknown => ({
  ...issue,
  issuedAt: iso(issue.issuedAt),
  steps: issue.steps.map((s) => ({ ...s, targetAt: iso(s.targetAt) })),
});

export function predictionsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  // Forecasts change once an hour and actuals arrive minutes late: a few seconds of reuse is
  // invisible to readers and turns a crowd of pollers into one query per series and TTL.
  const cache = new TtlCache<Awaited<ReturnType<typeof seriesPredictions>>>(
    deps.config.api.predictionsCacheSeconds * 1000,
  );
  const answer = async (id: number, field: string, q: PredictionsQuery) => {
    const key = `${id}|${q.role}|${q.issues}|${q.version ?? ''}`;
    const found = await cache.get(key, () =>
      seriesPredictions(deps.db, {
        seriesId: asSeriesId(id),
        role: q.role,
        issues: q.issues,
        ...(q.version === undefined ? {} : { modelVersionId: asModelVersionId(q.version) }),
      }),
    );
    if (!found) throw notFound(field, id, 'stored series');
    return { series: { id, ...found.series }, role: q.role, issues: found.issues.map(toWire) };
  };

  app.get<{ Params: { id: number }; Querystring: PredictionsQuery }>(
    '/api/v1/series/:id/predictions',
    {
      schema: {
        summary: 'The newest forecasts of a series with 80/95% intervals and reconciled actuals',
        tags: ['predictions'],
        params: seriesIdParams,
        querystring: { type: 'object', additionalProperties: false, properties: query },
        response: { 200: responseSchema, ...errorResponses },
      },
    },
    async (request) => answer(request.params.id, 'params.id', request.query),
  );

  app.get<{ Querystring: PredictionsQuery & { series: number } }>(
    '/api/v1/predictions',
    {
      schema: {
        summary: 'Same as /series/{id}/predictions, under the name older engines used',
        tags: ['predictions'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['series'],
          properties: { series: { type: 'integer', minimum: 1, description: 'Series id.' }, ...query },
        },
        response: { 200: responseSchema, ...errorResponses },
      },
    },
    async (request) => answer(request.query.series, 'query.series', request.query),
  );
}
