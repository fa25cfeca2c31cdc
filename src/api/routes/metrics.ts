/**
 * `GET /metrics`: metricast's forecasts, accuracy, alerts and anomalies in Prometheus' text format,
 * for Prometheus to scrape with a `read` token (`authorization: {credentials_file: …}` in its scrape
 * config). `exposition.listen` serves the same text on a loopback port without a token instead.
 */
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../../http-auth';
import { buildExposition } from '../exposition/build';
import { EXPOSITION_CONTENT_TYPE } from '../exposition/text-format';
import type { ServerDeps } from '../types';

export const METRICS_PATH = '/metrics';

/** Registers the exposition route; a Promise per the server's plugin contract. */
export function metricsRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  app.get(
    METRICS_PATH,
    {
      preHandler: requireScope('read'),
      schema: {
        summary: 'Forecasts, accuracy, alerts and anomalies for Prometheus to scrape (text format 0.0.4)',
        description:
          'Served champion forecast of each series per horizon step with 80/95% bands, the forecast for the ' +
          'current interval, rolling MAE/RMSE/coverage, open alerts and newest anomaly scores; the first ' +
          'exposition.maxSeries active series by id. Names and labels are documented in the README.',
      },
    },
    async (_request, reply) => {
      const text = await buildExposition(deps.db, { maxSeries: deps.config.exposition.maxSeries });
      return reply.type(EXPOSITION_CONTENT_TYPE).send(text);
    },
  );
  return Promise.resolve();
}
