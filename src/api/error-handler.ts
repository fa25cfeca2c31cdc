/**
 * The HTTP layer's one error handler: every failure, whether thrown by a route, by schema validation
 * (ajv), by a body parser or by the rate limiter, leaves as `{ error, field, value, message }` with
 * its status. 5xx answers carry no detail (the log has it, with the request id); nothing carries a stack.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiTokenError, RegistryError } from '../db';
import { ForecastInputError } from '../forecast';
import { IngestInputError } from '../ingest';
import { ApiError, ErrorCode, shownValue, type ErrorBody } from './errors';

type ValidationError = NonNullable<FastifyError['validation']>[number];

const CONTEXT_FIELD: Readonly<Record<string, string>> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/** `/steps/2/lower80` → `['steps', '2', 'lower80']` (JSON pointer, unescaped). */
function pointerParts(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function fieldOf(prefix: string, parts: readonly string[]): string {
  return parts.reduce((field, p) => (/^\d+$/.test(p) ? `${field}[${p}]` : `${field}.${p}`), prefix);
}

function valueAt(root: unknown, parts: readonly string[]): unknown {
  let value = root;
  for (const p of parts) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[p];
  }
  return value;
}

/** An ajv failure as the API's error body: the field path, the value found there, ajv's rule. */
export function fromValidation(error: FastifyError, request: FastifyRequest): ErrorBody {
  const first: ValidationError | undefined = error.validation?.[0];
  if (!first) return { error: ErrorCode.badRequest, field: null, value: null, message: error.message };
  const context = error.validationContext ?? 'body';
  const parts = pointerParts(first.instancePath);
  const params = first.params;
  const named = params.missingProperty ?? params.additionalProperty;
  if (typeof named === 'string') parts.push(named);
  // Fastify keeps the query string's values in `request.query`, not under the context's name.
  const root =
    context === 'querystring' ? request.query : (request as unknown as Record<string, unknown>)[context];
  const field = fieldOf(CONTEXT_FIELD[context] ?? context, parts);
  const value = shownValue(valueAt(root, parts));
  const rule =
    params.additionalProperty !== undefined ? 'is not a known field' : (first.message ?? 'is invalid');
  return {
    error: ErrorCode.badRequest,
    field,
    value,
    message: `${field} ${rule}, got ${JSON.stringify(value)}`,
  };
}

/** Errors of the libraries below the API that name a field: bad input, answered 400. */
function fromInputError(error: unknown): ErrorBody | undefined {
  if (error instanceof IngestInputError) {
    // The parsers name the posted body `body`; a CSV row's line goes into the field: `body[line 17].value`.
    const where = `${error.file ?? 'body'}${error.line === undefined ? '' : `[line ${error.line}]`}`;
    const field = error.field === undefined ? where : `${where}.${error.field}`;
    return { error: ErrorCode.badRequest, field, value: shownValue(error.value), message: error.message };
  }
  if (
    error instanceof ForecastInputError ||
    error instanceof RegistryError ||
    error instanceof ApiTokenError
  ) {
    const field = error.field ?? null;
    return { error: ErrorCode.badRequest, field, value: shownValue(error.value), message: error.message };
  }
  return undefined;
}

/** Fastify's own 4xx errors (body parsing, size, media type) with the field they concern. */
function fromFastify(error: FastifyError, request: FastifyRequest): [number, ErrorBody] {
  const status = error.statusCode ?? 500;
  const body = (code: ErrorCode, field: string | null, value: unknown): [number, ErrorBody] => [
    status,
    { error: code, field, value: shownValue(value), message: error.message },
  ];
  if (status === 413)
    return body(ErrorCode.payloadTooLarge, 'body', request.headers['content-length'] ?? null);
  if (status === 415)
    return body(ErrorCode.unsupportedMediaType, 'headers.content-type', request.headers['content-type']);
  if (status === 429) return body(ErrorCode.rateLimited, null, null);
  if (status === 404) return body(ErrorCode.notFound, 'url', request.url);
  return body(ErrorCode.badRequest, error.code?.startsWith('FST_ERR_CTP') ? 'body' : null, null);
}

/** Answers `error` in the API's shape; logs server faults with their full context. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  let status: number;
  let body: ErrorBody;
  const input = fromInputError(error);
  if (error instanceof ApiError) {
    status = error.statusCode;
    body = { error: error.code, field: error.field, value: error.value, message: error.message };
  } else if (error.validation) {
    [status, body] = [400, fromValidation(error, request)];
  } else if (input) {
    [status, body] = [400, input];
  } else if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    [status, body] = fromFastify(error, request);
  } else {
    request.log.error({ err: error, url: request.url, method: request.method }, 'request failed');
    status = 500;
    body = {
      error: ErrorCode.internal,
      field: null,
      value: null,
      message: `internal error (request ${request.id})`,
    };
  }
  if (status < 500) request.log.info({ status, error: body.error, field: body.field }, body.message);
  return reply.status(status).send(body);
}

/** A route's URL pattern (`/api/v1/series/:id`) as a regular expression for a concrete path. */
function patternOf(url: string): RegExp {
  const body = url
    .split('/')
    .map((part) =>
      part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${body}/?$`);
}

/**
 * Registers the error handler, a 404 in the same shape, and 405 (with `Allow`) for a path that
 * exists under other methods. Call before any route, so that every route is seen.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
  const routes: Array<{ readonly pattern: RegExp; readonly methods: string[] }> = [];
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat().map(String);
    routes.push({ pattern: patternOf(route.url), methods });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods))];
    if (allowed.length > 0) {
      const body: ErrorBody = {
        error: ErrorCode.methodNotAllowed,
        field: 'method',
        value: request.method,
        message: `${request.method} is not allowed on ${path}: use ${allowed.join(', ')}`,
      };
      return reply.status(405).header('allow', allowed.join(', ')).send(body);
    }
    const body: ErrorBody = {
      error: ErrorCode.notFound,
      field: 'url',
      value: request.url,
      message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}`,
    };
    return reply.status(404).send(body);
  });
}
