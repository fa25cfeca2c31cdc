/** How `withRetry` backs off. */
export interface RetryOptions {
  /** Attempts in all, including the first. */
  readonly maxAttempts: number;
  /** Cap of the first retry's delay; doubles per attempt. Default 200 ms. */
  readonly baseDelayMs?: number;
  /** Upper bound of any delay. Default 20 s. */
  readonly maxDelayMs?: number;
  /** Injected in tests; default `setTimeout`. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injected in tests; default `Math.random`. */
  readonly random?: () => number;
  /** Called before each wait, e.g. to log or count retries. */
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  /** Which errors deserve another attempt; default `isRetryable` (AWS throttling, 5xx, network). */
  readonly retryable?: (error: unknown) => boolean;
}

/** Error names AWS uses for throttling (query, JSON and CBOR protocols). */
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND']);

/** Throttling (by name or HTTP 429), server errors (5xx) and network faults are worth another attempt. */
export function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as {
    name?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  };
  const status = e.$metadata?.httpStatusCode;
  if (typeof e.name === 'string' && (THROTTLING.has(e.name) || e.name === 'TimeoutError')) return true;
  if (status !== undefined && (status === 429 || status >= 500)) return true;
  if (typeof e.code === 'string' && NETWORK.has(e.code)) return true;
  return e.$retryable !== undefined && e.$retryable !== null;
}

/**
 * Runs `fn` until it succeeds, fails with an error `isRetryable` rejects, or `maxAttempts` are spent;
 * then throws the last error. Waits with exponential backoff and full jitter
 * (uniform in `[0, min(maxDelayMs, baseDelayMs × 2^(attempt-1))]`) so many workers throttled at once
 * do not retry in step.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 20_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const retryable = options.retryable ?? isRetryable;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= options.maxAttempts || !retryable(error)) throw error;
      const delayMs = Math.floor(random() * Math.min(cap, base * 2 ** (attempt - 1)));
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}
