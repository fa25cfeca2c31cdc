/**
 * The registry and production accuracy of a series: `GET /api/v1/series/:id/versions` (versions with
 * their champion/challenger aliases and every alias move) and `GET /api/v1/series/:id/accuracy`
 * (accuracy over time per model version, external models included).
 */
import type { FastifyInstance } from 'fastify';
import {
  accuracyOverTime,
  listSeriesAliasHistory,
  listSeriesVersions,
  newestReconciledClose,
} from '../../db';
import { badRequest } from '../errors';
import {
  errorResponses,
  finiteOrNull,
  granularity,
  iso,
  isoOrNull,
  modelVersionProperties,
  nullableTime,
  rollingWindowsSchema,
  scoresSchema,
  seriesIdParams,
  time,
} from '../schemas';
import { requireSeries } from '../series-lookup';
import type { ServerDeps } from '../types';

const DAY_MS = 86_400_000;
const BUCKET_MS = { '1h': 3_600_000, '1d': DAY_MS } as const;
/** Buckets one answer may hold per version, so a wide range at fine buckets cannot run away. */
const MAX_BUCKETS = 2_000;

const versionSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    granularity,
    horizon: { type: 'integer' },
    kind: { type: 'string' },
    version: { type: 'integer' },
    aliases: { type: 'array', items: { type: 'string', enum: ['champion', 'challenger'] } },
    externalName: { type: ['string', 'null'] },
    weightsBytes: { type: 'integer' },
    runId: { type: ['string', 'null'] },
    validationMetrics: { ...scoresSchema, type: ['object', 'null'] },
    createdAt: time,
  },
} as const;

const moveSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    granularity,
    horizon: { type: 'integer' },
    alias: { type: 'string' },
    fromVersionId: { type: ['integer', 'null'] },
    toVersionId: { type: ['integer', 'null'] },
    action: { type: 'string', enum: ['promote', 'rollback', 'set'] },
    reason: { type: 'string' },
    at: time,
  },
} as const;

export function modelRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get<{ Params: { id: number } }>(
    '/api/v1/series/:id/versions',
    {
      schema: {
        summary: 'Registered model versions of a series with their aliases, and the alias history',
        tags: ['models'],
        params: seriesIdParams,
        response: {
          200: {
            type: 'object',
            properties: {
              seriesId: { type: 'integer' },
              versions: { type: 'array', items: versionSchema },
              aliasHistory: { type: 'array', items: moveSchema },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const series = await requireSeries(deps.db, request.params.id, 'params.id');
      const [versions, history] = await Promise.all([
        listSeriesVersions(deps.db, series.id),
        listSeriesAliasHistory(deps.db, series.id),
      ]);
      return {
        seriesId: series.id,
        versions: versions.map((v) => ({
          ...v,
          createdAt: iso(v.createdAt),
          validationMetrics:
            v.validationMetrics &&
            Object.fromEntries(
              Object.entries(v.validationMetrics).map(([k, x]) => [k, finiteOrNull(x as number)]),
            ),
        })),
        aliasHistory: history.map((m) => ({ ...m, at: iso(m.at) })),
      };
    },
  );

  app.get<{ Params: { id: number }; Querystring: { from?: string; to?: string; bucket: '1h' | '1d' } }>(
    '/api/v1/series/:id/accuracy',
    {
      schema: {
        summary:
          'Accuracy over time per model version (metricast and external models), and current rolling windows',
        tags: ['models'],
        params: seriesIdParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: {
              ...time,
              description: 'Records whose interval closed at or after this (default: to − 7 days).',
            },
            to: { ...time, description: 'and before this (default: the newest closed record + 1 ms).' },
            bucket: { type: 'string', enum: ['1h', '1d'], default: '1d' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              seriesId: { type: 'integer' },
              from: nullableTime,
              to: nullableTime,
              bucket: { type: 'string' },
              models: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    ...modelVersionProperties,
                    externalName: { type: ['string', 'null'] },
                    buckets: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: { bucketStart: time, ...scoresSchema.properties },
                      },
                    },
                    windows: rollingWindowsSchema,
                  },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const series = await requireSeries(deps.db, request.params.id, 'params.id');
      const q = request.query;
      const bucketMs = BUCKET_MS[q.bucket];
      // The window is anchored on the data, not the wall clock: replayed or old data answers the same.
      const to = q.to === undefined ? await newestReconciledClose(deps.db, series.id) : Date.parse(q.to);
      const from = q.from === undefined ? (to ?? 0) - 7 * DAY_MS : Date.parse(q.from);
      if (to !== undefined && from >= to)
        throw badRequest('query.from', q.from, `be before query.to (${isoOrNull(to)})`);
      if (to !== undefined && (to - from) / bucketMs > MAX_BUCKETS)
        throw badRequest(
          'query.from',
          q.from ?? isoOrNull(from),
          `span at most ${MAX_BUCKETS} buckets of ${q.bucket}`,
        );
      const models = await accuracyOverTime(deps.db, {
        seriesId: series.id,
        from,
        to: to ?? from + 1,
        bucketMs,
      });
      return {
        seriesId: series.id,
        from: isoOrNull(to === undefined ? null : from),
        to: isoOrNull(to ?? null),
        bucket: q.bucket,
        models: models.map((m) => ({
          ...m,
          buckets: m.buckets.map((b) => ({
            ...b,
            bucketStart: iso(b.bucketStart),
            mae: finiteOrNull(b.mae),
          })),
          windows: Object.fromEntries(
            Object.entries(m.windows).map(([w, s]) => [w, { ...s, asOf: iso(s.asOf) }]),
          ),
        })),
      };
    },
  );
}
