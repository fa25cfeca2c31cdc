/**
 * Authentication: every route but the ones marked `config: { public: true }` needs a token, sent as
 * `Authorization: Bearer <token>` or in the session cookie `POST /login` sets. Tokens are looked up by
 * their sha256 in `api_tokens`; the environment's `METRICAST_API_TOKEN` is an admin token compared in
 * constant time. `requireScope` then checks what the token may do.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
  onRequestAsyncHookHandler,
} from 'fastify';
import { API_SCOPE_RANK, findApiToken, type ApiScope, type Db } from '../db';
import { readCookie, SESSION_COOKIE } from './cookies';
import { ApiError, ErrorCode } from './http-error';

/** Who made a request and what they may do. */
export interface Principal {
  /** The token's name; `environment` for METRICAST_API_TOKEN. */
  readonly name: string;
  readonly scope: ApiScope;
  readonly via: 'bearer' | 'cookie';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on every non-public route. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Open to anyone: health, the login form, the OpenAPI document. */
    public?: boolean;
  }
}

/** Resolves a presented token to its name and scope, or undefined when it is unknown or revoked. */
export type TokenResolver = (token: string) => Promise<Omit<Principal, 'via'> | undefined>;

const CACHE_MAX = 10_000;

/**
 * A resolver over the environment token and `api_tokens`. Lookups are cached for `cacheMs` (default
 * 10 s), so a busy client costs one query per interval rather than one per request; a revoked token
 * therefore stops working within that time.
 */
export function createTokenResolver(db: Db, envToken: string, cacheMs = 10_000): TokenResolver {
  const envDigest = envToken ? createHash('sha256').update(envToken, 'utf8').digest() : undefined;
  const cache = new Map<string, { found: Omit<Principal, 'via'> | undefined; until: number }>();
  return async (token) => {
    const digest = createHash('sha256').update(token, 'utf8').digest();
    // Equal-length digests compared in constant time: the response time says nothing about the token.
    if (envDigest && timingSafeEqual(digest, envDigest)) return { name: 'environment', scope: 'admin' };
    const sha256 = digest.toString('hex');
    const now = Date.now();
    const cached = cache.get(sha256);
    if (cached && cached.until > now) return cached.found;
    const row = await findApiToken(db, sha256);
    const found = row ? { name: row.name, scope: row.scope } : undefined;
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(sha256, { found, until: now + cacheMs });
    return found;
  };
}

/** The token a request presents, and how: bearer header first, then the session cookie. */
export function presentedToken(
  request: FastifyRequest,
): { token: string; via: Principal['via'] } | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1] ? { token: match[1], via: 'bearer' } : undefined;
  }
  const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

function wantsHtml(request: FastifyRequest): boolean {
  return request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
}

/** The principal a request's token stands for, or undefined when it presents none or a bad one. */
export type Identify = (request: FastifyRequest) => Promise<Principal | undefined>;

async function lookUp(request: FastifyRequest, resolve: TokenResolver): Promise<Principal | undefined> {
  const presented = presentedToken(request);
  const found = presented ? await resolve(presented.token) : undefined;
  return presented && found ? { ...found, via: presented.via } : undefined;
}

/**
 * Identifies requests through `resolve`, once per request: the rate limiter (which keys by who is
 * asking) and the authentication hook after it share one token lookup.
 */
export function createIdentify(resolve: TokenResolver): Identify {
  const looked = new WeakMap<FastifyRequest, Promise<Principal | undefined>>();
  return (request) => {
    let found = looked.get(request);
    if (found === undefined) {
      found = lookUp(request, resolve);
      looked.set(request, found);
    }
    return found;
  };
}

/**
 * Makes every route `app` gets from now on (its own and every plugin's) authenticate first, unless it
 * is marked `config: { public: true }`. Added per route, after the rate limiter's hook, so requests
 * with bad tokens are counted too. Without a valid token, a browser asking for a page is sent to
 * `/login`; anyone else gets 401.
 */
export function registerAuth(app: FastifyInstance, identify: Identify): void {
  app.decorateRequest('principal', null);
  const authenticate: onRequestAsyncHookHandler = async (request, reply) => {
    const principal = await identify(request);
    if (principal) {
      request.principal = principal;
      return;
    }
    if (wantsHtml(request)) return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
    const header = request.headers.authorization;
    throw new ApiError(
      401,
      ErrorCode.unauthorized,
      'headers.authorization',
      // Never echo a token back: only whether one was sent.
      header === undefined ? null : '<redacted>',
      presentedToken(request)
        ? 'headers.authorization must carry a valid, unrevoked token (or log in at /login)'
        : 'headers.authorization must be "Bearer <token>" (or log in at /login)',
    );
  };
  app.addHook('onRoute', (route) => {
    if (route.config?.public === true) return;
    const existing = route.onRequest;
    route.onRequest = [
      ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]),
      authenticate,
    ];
  });
}

/** A route hook taking the done callback; fits `preValidation` and `preHandler` alike. */
export type ScopeHook = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;

/**
 * A hook that lets through only tokens with at least `scope` (read < push < admin). Authentication
 * has already run in the route's onRequest hook; this only compares scopes. Usable as a `preHandler`;
 * metricast's own routes use it as `preValidation`, so a token without the scope learns nothing of
 * the body's validity.
 */
export function requireScope(scope: ApiScope): ScopeHook {
  return function checkScope(request, _reply, done) {
    const principal = request.principal;
    if (!principal)
      return done(
        new ApiError(401, ErrorCode.unauthorized, 'headers.authorization', null, 'authentication required'),
      );
    if (API_SCOPE_RANK[principal.scope] >= API_SCOPE_RANK[scope]) return done();
    done(
      new ApiError(
        403,
        ErrorCode.forbidden,
        'headers.authorization',
        principal.scope,
        `this route needs a token of scope ${scope}; token "${principal.name}" has scope ${principal.scope}`,
      ),
    );
  };
}
