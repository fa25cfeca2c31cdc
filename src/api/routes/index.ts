/** The JSON API under `/api/v1`, as metricast's own routes make it up (alerts and anomalies plug in beside it). */
import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../types';
import { compareRoutes } from './compare';
import { evaluateRoutes } from './evaluate';
import { externalRoutes } from './external';
import { forecastRoutes } from './forecast';
import { healthRoutes } from './health';
import { modelRoutes } from './models';
import { predictionsRoutes } from './predictions';
import { retrainRoutes } from './retrain';
import { seriesRoutes } from './series';

export function registerApiRoutes(app: FastifyInstance, deps: ServerDeps): void {
  healthRoutes(app, deps);
  seriesRoutes(app, deps);
  predictionsRoutes(app, deps);
  forecastRoutes(app, deps);
  evaluateRoutes(app, deps);
  compareRoutes(app, deps);
  modelRoutes(app, deps);
  externalRoutes(app, deps);
  retrainRoutes(app, deps);
}
