/**
 * Alerts: `GET /api/v1/alerts` lists alerts newest first; `GET /api/v1/alert-limits` lists the limits;
 * `PUT /api/v1/alert-limits` (admin) sets a limit, creating it or updating the one with the same
 * series or pattern, direction and basis; `DELETE /api/v1/alert-limits/:id` (admin) removes one.
 * Limits are checked by `parseLimitSpec`, as the CLI's are, so both refuse the same input alike.
 */
import type { FastifyInstance } from 'fastify';
import {
  AlertLimitError,
  asAlertLimitId,
  parseLimitSpec,
  type AlertLimit,
  type AlertState,
} from '../../alerts';
import { deleteLimit, listAlerts, listLimits, upsertLimit, type Alert } from '../../db';
import { asSeriesId } from '../../shared';
import { requireScope } from '../../http-auth';
import { ApiError, ErrorCode, notFound, shownValue } from '../errors';
import { bodyErrorResponses, errorResponses, iso, isoOrNull, nullableTime, time } from '../schemas';
import type { ServerDeps } from '../types';

const DIRECTIONS = ['above', 'below'];
const BASES = ['point', 'upper80', 'upper95', 'lower80', 'lower95'];

const limitProperties = {
  seriesId: { type: 'integer', minimum: 1, description: 'The series; or metricPattern instead.' },
  metricPattern: { type: 'string', description: 'Metric name, `*` as wildcard, e.g. CPUUtilization.' },
  threshold: { type: 'number' },
  direction: { type: 'string', enum: DIRECTIONS },
  basis: { type: 'string', enum: BASES, description: 'Forecast value compared; default upper95.' },
  alsoActuals: { type: 'boolean', description: 'Also alert on the newest observation; default true.' },
  cooldownMinutes: { type: 'integer', minimum: 0, description: 'Quiet time after a resolve; default 60.' },
  enabled: { type: 'boolean' },
} as const;

const limitSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    ...limitProperties,
    seriesId: { type: ['integer', 'null'] },
    metricPattern: { type: ['string', 'null'] },
  },
} as const;

const alertSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    seriesId: { type: 'integer' },
    seriesName: { type: 'string' },
    limitId: { type: 'integer' },
    source: { type: 'string', enum: ['forecast', 'actual'] },
    state: { type: 'string', enum: ['open', 'resolved'] },
    openedAt: time,
    lastSeenAt: time,
    resolvedAt: nullableTime,
    crossingAt: time,
    leadMinutes: { type: ['integer', 'null'] },
    value: { type: 'number' },
    threshold: { type: 'number' },
    message: { type: 'string' },
  },
} as const;

const alertToWire = (a: Alert): unknown => ({
  ...a,
  openedAt: iso(a.openedAt),
  lastSeenAt: iso(a.lastSeenAt),
  resolvedAt: isoOrNull(a.resolvedAt),
  crossingAt: iso(a.crossingAt),
});

/** The limit checks name fields of the limit; on the wire they are body fields. */
function asBadRequest(error: AlertLimitError): ApiError {
  const field = `body.${error.field}`;
  return new ApiError(
    400,
    ErrorCode.badRequest,
    field,
    shownValue(error.value),
    error.message.replace(/^limit\./, 'body.'),
  );
}

/** Registers the alert routes; a Promise per the server's plugin contract (nothing to wait for yet). */
export function alertsRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  app.get<{ Querystring: { series?: number; state?: AlertState; limit: number } }>(
    '/api/v1/alerts',
    {
      preHandler: requireScope('read'),
      schema: {
        summary: 'Alerts, newest first: limits a forecast or an actual crossed, with lead time',
        tags: ['alerts'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            series: { type: 'integer', minimum: 1 },
            state: { type: 'string', enum: ['open', 'resolved'] },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
        },
        response: {
          200: { type: 'object', properties: { alerts: { type: 'array', items: alertSchema } } },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const alerts = await listAlerts(deps.db, {
        ...(q.series === undefined ? {} : { seriesId: asSeriesId(q.series) }),
        ...(q.state === undefined ? {} : { state: q.state }),
        limit: q.limit,
      });
      return { alerts: alerts.map(alertToWire) };
    },
  );

  app.get(
    '/api/v1/alert-limits',
    {
      preHandler: requireScope('read'),
      schema: {
        summary: 'Alert limits, by id',
        tags: ['alerts'],
        response: {
          200: { type: 'object', properties: { limits: { type: 'array', items: limitSchema } } },
          ...errorResponses,
        },
      },
    },
    async () => ({ limits: await listLimits(deps.db) }),
  );

  app.put<{ Body: unknown }>(
    '/api/v1/alert-limits',
    {
      preHandler: requireScope('admin'),
      schema: {
        summary:
          'Set an alert limit (admin): created, or updated in place for the same scope, direction and basis',
        tags: ['alerts'],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['threshold', 'direction'],
          properties: limitProperties,
        },
        response: { 200: limitSchema, ...bodyErrorResponses },
      },
    },
    async (request): Promise<AlertLimit> => {
      try {
        const limit = await upsertLimit(deps.db, parseLimitSpec(request.body));
        request.log.info({ limitId: limit.id, by: request.principal?.name }, 'alert limit set');
        return limit;
      } catch (error) {
        throw error instanceof AlertLimitError ? asBadRequest(error) : error;
      }
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/api/v1/alert-limits/:id',
    {
      preHandler: requireScope('admin'),
      schema: {
        summary: 'Delete an alert limit (admin); its open alerts resolve at the next cycle',
        tags: ['alerts'],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } },
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!(await deleteLimit(deps.db, asAlertLimitId(request.params.id))))
        throw notFound('params.id', request.params.id, 'alert limit');
      request.log.info({ limitId: request.params.id, by: request.principal?.name }, 'alert limit deleted');
      return reply.status(204).send();
    },
  );
  return Promise.resolve();
}
