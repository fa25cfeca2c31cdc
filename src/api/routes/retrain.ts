/**
 * Retraining: `GET /api/v1/decisions` lists the retrain decisions (why each retrain ran and what it
 * decided); `POST /api/v1/series/:id/retrain` (admin) asks the model manager to retrain a series now,
 * by the same signal-with-start as `metricast retrain`, so API and CLI requests meet in one manager.
 */
import type { FastifyInstance } from 'fastify';
import { RetrainRequestError, signalForceRetrain, toRetrainRequest, TRAINABLE_KINDS } from '../../client';
import { listDecisions, type DecisionStatus, type RetrainDecision } from '../../db';
import { asSeriesId } from '../../shared';
import { requireScope } from '../../http-auth';
import { ApiError, ErrorCode, shownValue } from '../errors';
import { errorResponses, isoOrNull, iso, nullableTime, seriesIdParams, time } from '../schemas';
import { requireSeries } from '../series-lookup';
import type { ServerDeps } from '../types';

const decisionSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    seriesId: { type: 'integer' },
    workflowId: { type: 'string' },
    reason: { type: 'string', enum: ['threshold', 'forced'] },
    trigger: { type: 'object', additionalProperties: true },
    status: { type: 'string', enum: ['running', 'promoted', 'kept', 'failed'] },
    selectedKind: { type: ['string', 'null'] },
    challengerVersionId: { type: ['integer', 'null'] },
    championBeforeId: { type: ['integer', 'null'] },
    championAfterId: { type: ['integer', 'null'] },
    explanation: { type: ['string', 'null'] },
    startedAt: time,
    finishedAt: nullableTime,
  },
} as const;

const toWire = (d: RetrainDecision): unknown => ({
  ...d,
  startedAt: iso(d.startedAt),
  finishedAt: isoOrNull(d.finishedAt),
});

export function retrainRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get<{ Querystring: { series?: number; status?: DecisionStatus; limit: number } }>(
    '/api/v1/decisions',
    {
      schema: {
        summary: 'Retrain decisions, newest first: why each retrain ran and whether it promoted',
        tags: ['models'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            series: { type: 'integer', minimum: 1 },
            status: { type: 'string', enum: ['running', 'promoted', 'kept', 'failed'] },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
        },
        response: {
          200: { type: 'object', properties: { decisions: { type: 'array', items: decisionSchema } } },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const decisions = await listDecisions(deps.db, {
        ...(q.series === undefined ? {} : { seriesIds: [asSeriesId(q.series)] }),
        ...(q.status === undefined ? {} : { status: q.status }),
        limit: q.limit,
      });
      return { decisions: decisions.map(toWire) };
    },
  );

  app.post<{ Params: { id: number }; Body: { reason: string; kinds?: string[] } }>(
    '/api/v1/series/:id/retrain',
    {
      preValidation: requireScope('admin'),
      schema: {
        summary: 'Retrain a series now (admin): a forceRetrain request to the model-manager workflow',
        tags: ['models'],
        params: seriesIdParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          properties: {
            reason: {
              type: 'string',
              minLength: 1,
              maxLength: 1000,
              description: 'Why; stored with the decision.',
            },
            kinds: {
              type: 'array',
              minItems: 1,
              uniqueItems: true,
              items: { type: 'string', enum: TRAINABLE_KINDS },
            },
          },
        },
        response: {
          202: {
            type: 'object',
            properties: {
              workflowId: { type: 'string' },
              runId: { type: 'string' },
              seriesId: { type: 'integer' },
              kinds: { type: ['array', 'null'], items: { type: 'string' } },
              reason: { type: 'string' },
            },
          },
          503: { $ref: 'Error#' },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const series = await requireSeries(deps.db, request.params.id, 'params.id');
      if (!deps.temporal)
        throw new ApiError(
          503,
          ErrorCode.unavailable,
          null,
          null,
          'this API server has no Temporal connection',
        );
      const { reason, kinds } = request.body;
      let forceRequest;
      try {
        forceRequest = toRetrainRequest({ series: String(series.id), kinds: kinds?.join(','), reason });
      } catch (error) {
        if (!(error instanceof RetrainRequestError)) throw error;
        // The checks the CLI shares name bare fields; here they are body fields.
        const field = `body.${error.field}`;
        throw new ApiError(
          400,
          ErrorCode.badRequest,
          field,
          shownValue(error.value),
          `${field} must be ${error.expected}, got ${JSON.stringify(error.value)}`,
        );
      }
      const { ioTaskQueue: taskQueue, mlTaskQueue } = deps.config.temporal;
      const sent = await signalForceRetrain(deps.temporal, forceRequest, { taskQueue, mlTaskQueue });
      request.log.info(
        { seriesId: series.id, by: request.principal?.name, workflowId: sent.workflowId },
        'retrain requested',
      );
      return reply.status(202).send({
        workflowId: sent.workflowId,
        runId: sent.runId,
        seriesId: series.id,
        kinds: kinds ?? null,
        reason: forceRequest.reason,
      });
    },
  );
}
