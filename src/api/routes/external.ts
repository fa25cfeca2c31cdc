/**
 * Models that are not metricast's own: `POST /api/v1/external/predictions` stores a model's posted
 * forecast as forecast records of an external model version, `POST /api/v1/external/actuals` upserts
 * observations. The hourly reconciliation then scores those records against the actuals like any
 * other, so accuracy aggregates and `GET /series/:id/accuracy` show external models beside metricast's.
 * Scope `push` (or `admin`).
 */
import type { FastifyInstance } from 'fastify';
import { ensureExternalVersion, storeExternalForecasts, upsertObservations } from '../../db';
import { STEP_MS } from '../../shared';
import { requireScope } from '../../http-auth';
import { ApiError, ErrorCode, notFound } from '../errors';
import { toExternalRows, toObservationRows, type PostedStep } from '../external-input';
import { requireSeries } from '../series-lookup';
import { bodyErrorResponses, time } from '../schemas';
import type { ServerDeps } from '../types';

const number = { type: 'number' } as const;

const predictionsBody = {
  type: 'object',
  additionalProperties: false,
  required: ['model', 'seriesId', 'issuedAt', 'steps'],
  properties: {
    model: {
      type: 'string',
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
      description: 'Name of the external model; one model version is registered per (series, name).',
    },
    seriesId: { type: 'integer', minimum: 1 },
    issuedAt: { ...time, description: 'When the model made the forecast.' },
    steps: {
      type: 'array',
      minItems: 1,
      maxItems: 2000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['targetAt', 'point'],
        properties: {
          targetAt: { ...time, description: "Start of the forecast interval, on the series' grid." },
          point: number,
          lower80: number,
          upper80: number,
          lower95: number,
          upper95: number,
        },
      },
    },
  },
} as const;

const actualsBody = {
  type: 'object',
  additionalProperties: false,
  required: ['seriesId', 'points'],
  properties: {
    seriesId: { type: 'integer', minimum: 1 },
    points: {
      type: 'array',
      minItems: 1,
      maxItems: 100_000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['t', 'v'],
        properties: { t: { ...time, description: "Start of the interval, on the series' grid." }, v: number },
      },
    },
  },
} as const;

/**
 * Sources metricast ingests from itself. Their observations are the truth every model is scored
 * against, so a push token may not post actuals for them (it once wrote year-2000 zeros into
 * ingested series); actuals are for series whose values only an external party knows.
 */
const INGESTED_SOURCES: ReadonlySet<string> = new Set(['cloudwatch', 'file', 'prometheus']);

export function externalRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.post<{ Body: { model: string; seriesId: number; issuedAt: string; steps: PostedStep[] } }>(
    '/api/v1/external/predictions',
    {
      preValidation: requireScope('push'),
      schema: {
        summary:
          'Store predictions of an external model, scored in production like metricast’s own (scope push)',
        tags: ['external'],
        body: predictionsBody,
        response: {
          200: {
            type: 'object',
            properties: {
              seriesId: { type: 'integer' },
              model: { type: 'string' },
              modelVersionId: { type: 'integer' },
              stored: { type: 'integer' },
            },
          },
          ...bodyErrorResponses,
        },
      },
    },
    async (request) => {
      const { model, seriesId, issuedAt, steps } = request.body;
      const series = await requireSeries(deps.db, seriesId, 'body.seriesId');
      const rows = toExternalRows(series.id, STEP_MS[series.granularity], issuedAt, steps);
      const versionId = await ensureExternalVersion(deps.db, series.id, model);
      if (versionId === undefined) throw notFound('body.seriesId', seriesId, 'stored series');
      const stored = await storeExternalForecasts(deps.db, versionId, rows);
      return { seriesId: series.id, model, modelVersionId: versionId, stored };
    },
  );

  app.post<{ Body: { seriesId: number; points: Array<{ t: string; v: number }> } }>(
    '/api/v1/external/actuals',
    {
      preValidation: requireScope('push'),
      schema: {
        summary:
          'Upsert observed values of a series without an ingest source, so predictions for it reconcile (scope push); 409 for an ingested series',
        tags: ['external'],
        body: actualsBody,
        response: {
          200: { type: 'object', properties: { seriesId: { type: 'integer' }, stored: { type: 'integer' } } },
          409: { $ref: 'Error#' },
          ...bodyErrorResponses,
        },
      },
    },
    async (request) => {
      const { seriesId, points } = request.body;
      const series = await requireSeries(deps.db, seriesId, 'body.seriesId');
      const rows = toObservationRows(series.id, STEP_MS[series.granularity], points);
      if (INGESTED_SOURCES.has(series.source))
        throw new ApiError(
          409,
          ErrorCode.conflict,
          'body.seriesId',
          seriesId,
          `body.seriesId must name a series without an ingest source: series ${series.id} is ingested from ${series.source}, and its observations are metricast's own`,
        );
      return { seriesId: series.id, stored: await upsertObservations(deps.db, rows) };
    },
  );
}
