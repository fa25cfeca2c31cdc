/**
 * `POST /api/v1/forecast`: forecasts a posted dataset (CSV or get-metric-data JSON) with the champion
 * of `?series=<id>`, or with a baseline fitted on the posted data when no series is named. The dataset
 * is not stored.
 */
import type { FastifyInstance } from 'fastify';
import { createForecaster, floorWhenNonNegative, type Forecast, type SingleModelKind } from '../../forecast';
import { issuedSteps, modelHorizon, type Granularity } from '../../shared';
import { inferGranularity, parsePostedPoints, toSeriesData } from '../dataset';
import { badRequest } from '../errors';
import { DEFAULT_HORIZON, FITTABLE_KINDS, fittableKind, loadChampion, SEASON_PERIOD } from '../model-choice';
import { requireSeries } from '../series-lookup';
import { bodyErrorResponses, forecastStepProperties, granularity, iso, time } from '../schemas';
import type { ServerDeps } from '../types';

interface ForecastQuery {
  series?: number;
  model?: string;
  horizon?: number;
  granularity?: Granularity;
}

/** The posted body, as the OpenAPI document describes it; the parsers validate it. */
export const datasetBody = {
  content: {
    'text/csv': {
      schema: { type: 'string', description: 'timestamp,value rows with that header (the NAB format).' },
    },
    'application/json': {
      schema: { type: 'object', description: 'The output of aws cloudwatch get-metric-data for one metric.' },
    },
  },
} as const;

const forecastStep = { type: 'object', properties: forecastStepProperties } as const;

/** What the request's data looked like once on the grid. */
export const inputSchema = {
  type: 'object',
  properties: {
    points: { type: 'integer', description: 'Points posted.' },
    used: { type: 'integer', description: 'Grid intervals used: the newest stretch without a gap.' },
    droppedBeforeGap: { type: 'integer' },
    granularity,
    from: time,
    to: time,
  },
} as const;

/**
 * The forecast's steps as the wire shows them, issued as the cycle issues them: the posted data ends
 * at `issuedAt` (the end of its newest interval), the interval after it counts as under way, and the
 * steps after that are numbered 1..`horizon` (see `LEAD_STEPS`).
 */
export function forecastSteps(
  forecast: Forecast,
  issuedAt: number,
  stepMs: number,
  horizon: number,
): unknown[] {
  const { p80, p95 } = forecast.intervals;
  return issuedSteps(forecast.times, issuedAt, stepMs, horizon).map(({ index: k, step }) => ({
    horizonStep: step,
    targetAt: iso(forecast.times[k] ?? NaN),
    point: forecast.point[k],
    ...{ lower80: p80.lower[k], upper80: p80.upper[k], lower95: p95.lower[k], upper95: p95.upper[k] },
  }));
}

/** Where a forecast of posted data is issued: the end of its newest interval. */
function issuedAtEndOf(data: ReturnType<typeof toSeriesData>): number {
  return data.start + data.values.length * data.stepMs;
}

export function forecastRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.post<{ Querystring: ForecastQuery; Body: unknown }>(
    '/api/v1/forecast',
    {
      schema: {
        summary: "Forecast a posted dataset with a series' champion, or with a baseline fitted on it",
        tags: ['forecast'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            series: { type: 'integer', minimum: 1, description: "Forecast with this series' champion." },
            model: {
              type: 'string',
              enum: [...FITTABLE_KINDS],
              description: 'Without series: the baseline to fit (default seasonal-naive).',
            },
            horizon: { type: 'integer', minimum: 1, maximum: 288 },
            granularity: {
              ...granularity,
              description: "Grid of the data (default: the series', else inferred).",
            },
          },
        },
        body: datasetBody,
        response: {
          200: {
            type: 'object',
            properties: {
              model: {
                type: 'object',
                properties: {
                  source: { type: 'string', enum: ['champion', 'fitted'] },
                  kind: { type: 'string' },
                  modelVersionId: { type: ['integer', 'null'] },
                  seriesId: { type: ['integer', 'null'] },
                },
              },
              horizon: { type: 'integer' },
              issuedAt: {
                ...time,
                description:
                  'End of the posted data. The interval starting there counts as under way, so every target lies after it: step 1 is the interval after it.',
              },
              input: inputSchema,
              forecast: { type: 'array', items: forecastStep },
            },
          },
          ...bodyErrorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const points = parsePostedPoints(request.body);
      if (q.series === undefined) return fitAndForecast(points, q);
      if (q.model !== undefined)
        throw badRequest(
          'query.model',
          q.model,
          "be absent with query.series (the series' champion forecasts)",
        );
      const series = await requireSeries(deps.db, q.series, 'query.series');
      if (q.granularity !== undefined && q.granularity !== series.granularity)
        throw badRequest(
          'query.granularity',
          q.granularity,
          `be ${series.granularity}, the granularity of series ${series.id}`,
        );
      const data = toSeriesData(points, series.granularity);
      const champion = await loadChampion(deps.db, series, q.horizon);
      try {
        const forecast = floorWhenNonNegative(await champion.forecaster.predict({ history: data }), data);
        return {
          model: {
            source: 'champion',
            kind: champion.kind,
            modelVersionId: champion.modelVersionId,
            seriesId: series.id,
          },
          horizon: champion.horizon,
          issuedAt: iso(issuedAtEndOf(data)),
          input: describeInput(points.length, data, series.granularity),
          forecast: forecastSteps(forecast, issuedAtEndOf(data), data.stepMs, champion.horizon),
        };
      } finally {
        champion.forecaster.dispose();
      }
    },
  );
}

async function fitAndForecast(points: Parameters<typeof toSeriesData>[0], q: ForecastQuery) {
  const kind = fittableKind(q.model ?? 'seasonal-naive', 'query.model') as SingleModelKind;
  const g = q.granularity ?? inferGranularity(points);
  const data = toSeriesData(points, g);
  const horizon = q.horizon ?? DEFAULT_HORIZON[g];
  const model = createForecaster(kind);
  try {
    await model.fit(data, { horizon: modelHorizon(horizon), seasonPeriod: SEASON_PERIOD[g], seed: 42 });
    const forecast = floorWhenNonNegative(await model.predict({ history: data }), data);
    const issuedAt = issuedAtEndOf(data);
    return {
      model: { source: 'fitted', kind, modelVersionId: null, seriesId: null },
      horizon,
      issuedAt: iso(issuedAt),
      input: describeInput(points.length, data, g),
      forecast: forecastSteps(forecast, issuedAt, data.stepMs, horizon),
    };
  } finally {
    model.dispose();
  }
}

/** The input summary of a response. */
export function describeInput(
  posted: number,
  data: ReturnType<typeof toSeriesData>,
  g: Granularity,
): Record<string, unknown> {
  return {
    points: posted,
    used: data.values.length,
    droppedBeforeGap: data.dropped,
    granularity: g,
    from: iso(data.start),
    to: iso(data.start + data.values.length * data.stepMs),
  };
}
