/**
 * Builds the HTTP server: error shape, OpenAPI generator, rate limits, authentication, login, then the
 * JSON API under `/api/v1`, the alerts and anomalies routes, and the dashboard, in that order.
 * Listening is the caller's business (`main.ts` in production, port 0 in tests and benchmarks).
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { registerDashboard } from '../dashboard';
import { version } from '../../package.json';
import { createIdentify, createTokenResolver, registerAuth } from './auth';
import { registerDatasetParsers } from './dataset';
import { registerErrorHandling } from './error-handler';
import { registerLogin } from './login';
import { registerOpenApi, serveOpenApi } from './openapi';
import { registerRateLimit } from './rate-limit';
import { alertsRoutes } from './routes/alerts';
import { anomaliesRoutes } from './routes/anomalies';
import { metricsRoutes } from './routes/metrics';
import { registerApiRoutes } from './routes';
import { addSharedSchemas } from './schemas';
import type { ServerDeps } from './types';
import { requestValidation } from './validation';

export interface BuildServerOptions {
  /** Fastify's logger setting; default: the configured log level. Benchmarks and tests turn it down. */
  readonly logger?: FastifyServerOptions['logger'];
  /** How long token lookups are cached, ms (default 10 s); tests of revocation set 0. */
  readonly tokenCacheMs?: number;
}

/** The whole HTTP server, routes registered, not yet listening. */
export async function buildServer(
  deps: ServerDeps,
  options: BuildServerOptions = {},
): Promise<FastifyInstance> {
  const { api, secrets, log } = deps.config;
  const app = Fastify({
    logger: options.logger ?? { level: log.level },
    bodyLimit: api.bodyLimitBytes,
    // Bodies are validated without type coercion, the query string and params with it.
    schemaController: requestValidation,
  });
  registerErrorHandling(app);
  addSharedSchemas(app);
  await registerOpenApi(app, version);
  const resolve = createTokenResolver(deps.db, secrets.apiToken, options.tokenCacheMs);
  const identify = createIdentify(resolve);
  await registerRateLimit(app, api.rateLimitPerMinute, identify);
  registerAuth(app, identify);
  registerLogin(app, resolve, api.cookieSecure);
  registerDatasetParsers(app);
  registerApiRoutes(app, deps);
  await alertsRoutes(app, deps);
  await anomaliesRoutes(app, deps);
  await metricsRoutes(app, deps);
  await registerDashboard(app, deps);
  serveOpenApi(app);
  return app;
}
