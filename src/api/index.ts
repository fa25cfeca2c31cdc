/**
 * The HTTP layer: the JSON API under `/api/v1`, login, rate limits and the OpenAPI document,
 * registered on a server `src/server` composes with the dashboard. It reads through `src/db` and
 * computes through the pure libraries; it reaches Temporal only through the client library.
 */
export { buildServer, type BuildServerOptions } from './server';
export { apiServerOptions, registerApi } from './register';
export { serveOpenApi } from './openapi';
export { requireScope, createTokenResolver, type Principal, type TokenResolver } from '../http-auth';
export { ApiError, ErrorCode, type ErrorBody } from './errors';
export { OPENAPI_PATH } from './openapi';
export type { ServerDeps } from './types';
