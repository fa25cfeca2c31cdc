/**
 * `POST /api/v1/evaluate`: scores a model on a posted dataset with the forecasting core's
 * rolling-origin backtest. A model kind is evaluated as the trainer does (calibration segment,
 * split-conformal intervals, then the evaluation segment); a registered version is scored as it is,
 * never refitted, over the last `evalFraction` of the data. Nothing is stored.
 */
import type { FastifyInstance } from 'fastify';
import {
  backtest,
  createForecaster,
  evaluateModel,
  type BacktestResult,
  type MetricSet,
  type SingleModelKind,
} from '../../forecast';
import type { Granularity } from '../../shared';
import { inferGranularity, parsePostedPoints, toSeriesData } from '../dataset';
import { badRequest } from '../errors';
import { DEFAULT_HORIZON, FITTABLE_KINDS, fittableKind, loadVersion, SEASON_PERIOD } from '../model-choice';
import { bodyErrorResponses, finiteOrNull, granularity, scoresSchema } from '../schemas';
import type { ServerDeps } from '../types';
import { datasetBody, describeInput, inputSchema } from './forecast';

interface EvaluateQuery {
  model?: string;
  version?: number;
  horizon?: number;
  granularity?: Granularity;
  evalFraction: number;
  originStep?: number;
}

function scoresOf(m: MetricSet, coverage: { p80: number; p95: number }): Record<string, number | null> {
  return {
    n: m.count,
    ...{ mae: finiteOrNull(m.mae), rmse: finiteOrNull(m.rmse), mape: finiteOrNull(m.mape) },
    ...{ smape: finiteOrNull(m.smape), mase: finiteOrNull(m.mase) },
    ...{ coverage80: finiteOrNull(coverage.p80), coverage95: finiteOrNull(coverage.p95) },
  };
}

function scored(result: BacktestResult): Record<string, unknown> {
  return {
    origins: result.folds.length,
    scores: scoresOf(result.metrics.overall, result.coverage),
    perStep: result.metrics.perStep.map((m, k) => ({
      horizonStep: k + 1,
      ...scoresOf(m, result.coverage.perStep[k] ?? { p80: NaN, p95: NaN }),
    })),
  };
}

const querySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    model: {
      type: 'string',
      enum: [...FITTABLE_KINDS],
      description: 'A baseline kind, fitted at each origin.',
    },
    version: {
      type: 'integer',
      minimum: 1,
      description: 'A registered model version, scored without refitting.',
    },
    horizon: { type: 'integer', minimum: 1, maximum: 288 },
    granularity,
    evalFraction: { type: 'number', exclusiveMinimum: 0, maximum: 0.5, default: 0.2 },
    originStep: { type: 'integer', minimum: 1, description: 'Steps between origins (default: the horizon).' },
  },
} as const;

const responseSchema = {
  type: 'object',
  properties: {
    model: {
      type: 'object',
      properties: {
        source: { type: 'string' },
        kind: { type: 'string' },
        modelVersionId: { type: ['integer', 'null'] },
      },
    },
    horizon: { type: 'integer' },
    seasonPeriod: { type: 'integer' },
    input: inputSchema,
    origins: { type: 'integer' },
    scores: scoresSchema,
    perStep: {
      type: 'array',
      items: { type: 'object', properties: { horizonStep: { type: 'integer' }, ...scoresSchema.properties } },
    },
  },
} as const;

export function evaluateRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.post<{ Querystring: EvaluateQuery; Body: unknown }>(
    '/api/v1/evaluate',
    {
      schema: {
        summary:
          'Backtest a model kind or a registered version on a posted dataset: MASE, RMSE, MAE, coverage',
        tags: ['forecast'],
        querystring: querySchema,
        body: datasetBody,
        response: { 200: responseSchema, ...bodyErrorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      if ((q.model === undefined) === (q.version === undefined))
        throw badRequest('query.model', q.model ?? null, 'be given, or query.version, but not both');
      const points = parsePostedPoints(request.body);
      if (q.version !== undefined) return evaluateVersion(deps, q, points);
      const kind = fittableKind(q.model as string, 'query.model') as SingleModelKind;
      const g = q.granularity ?? inferGranularity(points);
      const data = toSeriesData(points, g);
      const horizon = q.horizon ?? DEFAULT_HORIZON[g];
      const options = {
        ...{ horizon, seasonPeriod: SEASON_PERIOD[g], evalFraction: q.evalFraction },
        ...{ originStep: q.originStep ?? horizon, seed: 42 },
      };
      const evaluation = await evaluateModel(() => createForecaster(kind), data, options);
      return {
        model: { source: 'kind', kind, modelVersionId: null },
        ...{ horizon, seasonPeriod: options.seasonPeriod, input: describeInput(points.length, data, g) },
        ...scored(evaluation.evaluation),
      };
    },
  );
}

async function evaluateVersion(
  deps: ServerDeps,
  q: EvaluateQuery,
  points: Parameters<typeof toSeriesData>[0],
) {
  const loaded = await loadVersion(deps.db, q.version as number, 'query.version');
  try {
    if (q.horizon !== undefined && q.horizon !== loaded.horizon)
      throw badRequest(
        'query.horizon',
        q.horizon,
        `be ${loaded.horizon}, the horizon of version ${loaded.modelVersionId}`,
      );
    if (q.granularity !== undefined && q.granularity !== loaded.granularity)
      throw badRequest(
        'query.granularity',
        q.granularity,
        `be ${loaded.granularity}, the granularity of version ${loaded.modelVersionId}`,
      );
    const data = toSeriesData(points, loaded.granularity);
    const result = await backtest(
      () => {
        throw new Error('a registered version is never refitted');
      },
      data,
      {
        ...{ horizon: loaded.horizon, seasonPeriod: loaded.seasonPeriod, evalFraction: q.evalFraction },
        ...{ originStep: q.originStep ?? loaded.horizon, refitEvery: Infinity, fitted: loaded.forecaster },
      },
    );
    return {
      model: { source: 'version', kind: loaded.kind, modelVersionId: loaded.modelVersionId },
      ...{ horizon: loaded.horizon, seasonPeriod: loaded.seasonPeriod },
      input: describeInput(points.length, data, loaded.granularity),
      ...scored(result),
    };
  } finally {
    loaded.forecaster.dispose();
  }
}
