import Fastify, { type FastifyInstance } from 'fastify';
import { serveOpenApi } from '../api/openapi';
import { apiServerOptions, registerApi, type BuildServerOptions } from '../api/register';
import type { ServerDeps } from '../api/types';
import { registerDashboard } from '../dashboard';

export type { BuildServerOptions };

/**
 * The whole HTTP server, routes registered, not yet listening: the API and the dashboard side by
 * side, both behind the authentication of `src/http-auth` (registered by the API's plugins, before
 * the dashboard's routes, so its hook guards them too).
 */
export async function buildServer(
  deps: ServerDeps,
  options: BuildServerOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify(apiServerOptions(deps, options));
  await registerApi(app, deps, options);
  await registerDashboard(app, deps);
  serveOpenApi(app);
  return app;
}
