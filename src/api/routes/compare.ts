/**
 * `GET /api/v1/compare?series=<id>`: the series' models side by side: per registered version, the
 * backtest scores of the training run that made it (or its registered validation metrics) and its
 * production accuracy from the rolling aggregates; plus the newest run of every kind trained,
 * registered or not (a challenger that lost still shows what it scored).
 */
import type { FastifyInstance } from 'fastify';
import {
  listRuns,
  listSeriesVersions,
  pooledAggregates,
  type AccuracyScores,
  type RunMetrics,
  type TrainingRun,
} from '../../db';
import {
  errorResponses,
  finiteOrNull,
  granularity,
  iso,
  modelVersionProperties,
  rollingWindowsSchema,
  scoresSchema,
  time,
} from '../schemas';
import { requireSeries } from '../series-lookup';
import type { ServerDeps } from '../types';

/** Runs read per request: the newest of each kind are among them unless a search ran many more trials. */
const RUNS_READ = 500;

const metricsToWire = (m: RunMetrics | null): Record<string, number | null> | null =>
  m && Object.fromEntries(Object.entries(m).map(([k, v]) => [k, finiteOrNull(v as number)]));

const responseSchema = {
  type: 'object',
  properties: {
    series: {
      type: 'object',
      properties: { id: { type: 'integer' }, name: { type: 'string' }, granularity },
    },
    models: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ...modelVersionProperties,
          horizon: { type: 'integer' },
          aliases: { type: 'array', items: { type: 'string' } },
          externalName: { type: ['string', 'null'] },
          createdAt: time,
          training: {
            type: ['object', 'null'],
            properties: { runId: { type: ['string', 'null'] }, metrics: scoresSchema },
          },
          production: rollingWindowsSchema,
        },
      },
    },
    runs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kind: { type: 'string' },
          runId: { type: 'string' },
          status: { type: 'string' },
          modelVersionId: { type: ['integer', 'null'] },
          metrics: { ...scoresSchema, type: ['object', 'null'] },
          at: time,
        },
      },
    },
  },
} as const;

function newestPerKind(runs: readonly TrainingRun[]): TrainingRun[] {
  const seen = new Map<string, TrainingRun>();
  for (const run of runs) if (!seen.has(run.kind)) seen.set(run.kind, run); // runs come newest first
  return [...seen.values()];
}

export function compareRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get<{ Querystring: { series: number } }>(
    '/api/v1/compare',
    {
      schema: {
        summary: "A series' models side by side: training backtest scores and production accuracy",
        tags: ['models'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['series'],
          properties: { series: { type: 'integer', minimum: 1 } },
        },
        response: { 200: responseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const series = await requireSeries(deps.db, request.query.series, 'query.series');
      const [versions, runs, aggregates] = await Promise.all([
        listSeriesVersions(deps.db, series.id),
        listRuns(deps.db, { seriesId: series.id, limit: RUNS_READ }),
        pooledAggregates(deps.db, series.id),
      ]);
      const runOf = new Map(runs.filter((r) => r.modelVersionId !== null).map((r) => [r.modelVersionId, r]));
      const models = versions.map((v) => {
        const run = runOf.get(v.id);
        const metrics = run?.metrics ?? v.validationMetrics;
        const production = Object.fromEntries(
          aggregates
            .filter((a) => a.model_version_id === v.id)
            .map((a) => [a.window_name, { ...productionScores(a), asOf: iso(a.as_of.getTime()) }]),
        );
        return {
          modelVersionId: v.id,
          ...{
            kind: v.kind,
            version: v.version,
            horizon: v.horizon,
            aliases: v.aliases,
            externalName: v.externalName,
          },
          createdAt: iso(v.createdAt),
          training: metrics ? { runId: run?.runId ?? v.runId, metrics: metricsToWire(metrics) } : null,
          production,
        };
      });
      return {
        series: { id: series.id, name: series.name, granularity: series.granularity },
        models,
        runs: newestPerKind(runs).map((r) => ({
          ...{ kind: r.kind, runId: r.runId, status: r.status, modelVersionId: r.modelVersionId },
          metrics: metricsToWire(r.metrics),
          at: iso(r.updatedAt),
        })),
      };
    },
  );
}

function productionScores(a: AccuracyScores): Record<string, number | null> {
  return {
    n: a.n,
    ...{ mae: finiteOrNull(a.mae), rmse: finiteOrNull(a.rmse), mape: finiteOrNull(a.mape) },
    ...{ coverage80: finiteOrNull(a.coverage80), coverage95: finiteOrNull(a.coverage95) },
  };
}
