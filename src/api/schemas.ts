/**
 * JSON schemas shared by the routes. They validate requests (ajv), serialize responses
 * (fast-json-stringify: fields not in a schema never leave) and make the OpenAPI document.
 * Times are ISO-8601 strings in UTC on the wire, epoch ms inside.
 */
import type { FastifyInstance } from 'fastify';

/** The error body every 4xx/5xx answer carries; registered once, referenced as `Error#`. */
export const errorSchema = {
  $id: 'Error',
  type: 'object',
  description: 'Every error: a code, the field at fault (null when none), the value found there, a sentence.',
  required: ['error', 'field', 'value', 'message'],
  properties: {
    error: { type: 'string' },
    field: { type: ['string', 'null'] },
    value: {},
    message: { type: 'string' },
  },
} as const;

/** Registers the shared schemas on `app`; call before any route that references them. */
export function addSharedSchemas(app: FastifyInstance): void {
  app.addSchema(errorSchema);
}

const error = { $ref: 'Error#' } as const;
/** The error answers a token-protected route can give, for its `response` schema. */
export const errorResponses = { 400: error, 401: error, 403: error, 404: error, 429: error } as const;
export const bodyErrorResponses = { ...errorResponses, 413: error, 415: error } as const;

export const time = { type: 'string', format: 'date-time' } as const;
export const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;
export const nullableNumber = { type: ['number', 'null'] } as const;
export const granularity = { type: 'string', enum: ['5m', '1h'] } as const;

/** `:id` of a series route. */
export const seriesIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;

/** The token schemes the OpenAPI document declares; every route but the public ones requires one. */
export const securitySchemes = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (metricast token create) or METRICAST_API_TOKEN.',
  },
  session: { type: 'apiKey', in: 'cookie', name: 'metricast_session', description: 'Set by POST /login.' },
} as const;

/** Scores of a set of forecasts (backtest or production). Non-finite values are sent as null. */
export const scoresSchema = {
  type: 'object',
  properties: {
    n: { type: 'integer' },
    mae: nullableNumber,
    rmse: nullableNumber,
    mape: nullableNumber,
    smape: nullableNumber,
    mase: nullableNumber,
    coverage80: nullableNumber,
    coverage95: nullableNumber,
  },
} as const;

/** Production scores of one rolling window, as of the window's close. */
export const windowScoresSchema = {
  type: 'object',
  properties: { ...scoresSchema.properties, asOf: time },
} as const;

/** A version's production scores per rolling window (`1h`, `24h`, `7d`). */
export const rollingWindowsSchema = {
  type: 'object',
  properties: { '1h': windowScoresSchema, '24h': windowScoresSchema, '7d': windowScoresSchema },
} as const;

/** Which model version an entry is about: its id, its kind and its version number within the series. */
export const modelVersionProperties = {
  modelVersionId: { type: 'integer' },
  kind: { type: 'string' },
  version: { type: 'integer' },
} as const;

/** One forecast step with its 80% and 95% intervals, as every answer that carries forecasts shows it. */
export const forecastStepProperties = {
  horizonStep: { type: 'integer' },
  targetAt: time,
  point: { type: 'number' },
  lower80: { type: 'number' },
  upper80: { type: 'number' },
  lower95: { type: 'number' },
  upper95: { type: 'number' },
} as const;

/** Epoch ms to the wire's ISO string. */
export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
/** NaN and ±Infinity have no JSON form: null on the wire. */
export const finiteOrNull = (n: number | null | undefined): number | null =>
  n === null || n === undefined || !Number.isFinite(n) ? null : n;
