/**
 * Request rate limits, per minute. A request with a valid token counts against that token's own
 * budget; every other request (no token, an unknown, revoked or malformed one) counts against the
 * client's address. Keying a wrong token by its own hash would give each guess a fresh budget, so
 * guessing tokens from one address would never be limited.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hashApiToken } from '../db';
import { presentedToken, type Identify } from '../http-auth';
import { ApiError, ErrorCode } from './errors';

/** What a request was counted under, for the 429 message. */
type Counted = 'token' | 'address';

/**
 * The key the limiter counts `request` under: `token:<sha256>` for a valid token, else `ip:<address>`.
 * A failed token lookup (the database away) counts against the address; the authentication hook
 * then reports the failure itself.
 */
export async function rateLimitKey(
  request: FastifyRequest,
  identify: Identify,
): Promise<{ key: string; counted: Counted }> {
  const presented = presentedToken(request);
  const principal = presented ? await identify(request).catch(() => undefined) : undefined;
  return presented && principal
    ? { key: `token:${hashApiToken(presented.token)}`, counted: 'token' }
    : { key: `ip:${request.ip}`, counted: 'address' };
}

/** Limits every route of `app` to `perMinute` requests per token or address; 429 in the API's error shape. */
export async function registerRateLimit(
  app: FastifyInstance,
  perMinute: number,
  identify: Identify,
): Promise<void> {
  const counted = new WeakMap<FastifyRequest, Counted>();
  await app.register(rateLimit, {
    global: true,
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: async (request) => {
      const found = await rateLimitKey(request, identify);
      counted.set(request, found.counted);
      return found.key;
    },
    errorResponseBuilder: (request, context) =>
      new ApiError(
        429,
        ErrorCode.rateLimited,
        null,
        null,
        `more than ${context.max} requests per minute from this ${counted.get(request) ?? 'address'}; retry in ${context.after}`,
      ),
  });
}
