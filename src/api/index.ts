/**
 * The HTTP layer: Fastify server with the JSON API under `/api/v1`, token authentication, login,
 * rate limits and the OpenAPI document. It reads through `src/db` and computes through the pure
 * libraries; it reaches Temporal only to signal the model manager.
 */
export { buildServer, type BuildServerOptions } from './server';
export { requireScope, createTokenResolver, type Principal, type TokenResolver } from './auth';
export { ApiError, ErrorCode, type ErrorBody } from './errors';
export { OPENAPI_PATH } from './openapi';
export type { ServerDeps } from './types';
