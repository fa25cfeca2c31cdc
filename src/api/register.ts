import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { version } from '../../package.json';
import { createIdentify, createTokenResolver, registerAuth } from '../http-auth';
import { registerDatasetParsers } from './dataset';
import { registerErrorHandling } from './error-handler';
import { registerLogin } from './login';
import { registerOpenApi } from './openapi';
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

/** The Fastify settings of the server the API runs on: logger, body limit, request validation. */
export function apiServerOptions(deps: ServerDeps, options: BuildServerOptions = {}): FastifyServerOptions {
  const { api, log } = deps.config;
  return {
    logger: options.logger ?? { level: log.level },
    bodyLimit: api.bodyLimitBytes,
    // Bodies are validated without type coercion, the query string and params with it.
    schemaController: requestValidation,
  };
}

/**
 * Everything of the API on `app`: the error handler, shared schemas, the OpenAPI collector, rate
 * limits, authentication (`src/http-auth`, which also guards every plugin registered after it),
 * login and the routes. The OpenAPI document is served last (`serveOpenApi`), once every plugin
 * has added its routes.
 */
export async function registerApi(
  app: FastifyInstance,
  deps: ServerDeps,
  options: BuildServerOptions = {},
): Promise<void> {
  const { api, secrets } = deps.config;
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
}
