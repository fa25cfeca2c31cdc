/** Credentials for Prometheus: a bearer token, or basic auth; from the environment only. */
export interface PrometheusAuth {
  readonly bearerToken?: string;
  readonly username?: string;
  readonly password?: string;
}

/** Where and how the client talks to Prometheus. */
export interface PrometheusApiOptions {
  /** Base URL, e.g. `http://127.0.0.1:9090` or one with a path prefix (`https://host/prometheus`). */
  readonly url: string;
  readonly auth?: PrometheusAuth;
  /** Time limit of one request; also sent as the query's `timeout`, so Prometheus gives up too. */
  readonly timeoutMs: number;
}

/** One query_range request: evaluation times `start` … `end` (epoch ms, inclusive) every `stepMs`. */
export interface QueryRangeRequest {
  readonly query: string;
  readonly start: number;
  readonly end: number;
  readonly stepMs: number;
}

/** The one call ingestion makes; tests may pass another implementation through the same door. */
export interface PrometheusApi {
  /** Resolves with the parsed JSON of a 200 answer; rejects with `PrometheusHttpError` otherwise. */
  queryRange(request: QueryRangeRequest): Promise<unknown>;
}

/**
 * A request Prometheus did not answer with 200: `status` 0 when it was not reached at all (refused,
 * reset, timed out). `retryable` for those, 429 and 5xx; a 400 or 422 means the query is wrong.
 */
export class PrometheusHttpError extends Error {
  override readonly name = 'PrometheusHttpError';
  constructor(
    message: string,
    readonly status: number,
    readonly retryable: boolean,
    /** Prometheus' own `errorType` and `error` text, when its answer had them. */
    readonly prometheusError?: { readonly errorType: string; readonly error: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function authorization(auth: PrometheusAuth | undefined): Record<string, string> {
  if (auth?.bearerToken) return { authorization: `Bearer ${auth.bearerToken}` };
  if (auth?.username)
    return {
      authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password ?? ''}`).toString('base64')}`,
    };
  return {};
}

/** Why a request never got an answer, in a few words (`connect ECONNREFUSED 127.0.0.1:9`, `timed out after 30 s`). */
function unreachable(error: unknown, timeoutMs: number): PrometheusHttpError {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const why =
    e.name === 'TimeoutError' || e.name === 'AbortError'
      ? `timed out after ${timeoutMs / 1000} s`
      : (e.cause?.message ?? e.cause?.code ?? e.message ?? String(error));
  return new PrometheusHttpError(why, 0, true, undefined, { cause: error });
}

/** Prometheus' `{status: "error", errorType, error}` body, when that is what came back. */
function prometheusErrorOf(text: string): { errorType: string; error: string } | undefined {
  try {
    const body = JSON.parse(text) as { errorType?: unknown; error?: unknown };
    if (typeof body.error === 'string')
      return { errorType: typeof body.errorType === 'string' ? body.errorType : '', error: body.error };
  } catch {
    // Not JSON: a proxy's HTML page, say; the status line says enough.
  }
  return undefined;
}

async function answerOf(response: Response): Promise<unknown> {
  const text = await response.text();
  if (response.ok) {
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new PrometheusHttpError(
        `answer is not JSON: ${text.slice(0, 120)}`,
        response.status,
        false,
        undefined,
        {
          cause,
        },
      );
    }
  }
  const prom = prometheusErrorOf(text);
  const retryable = response.status === 429 || response.status >= 500;
  const detail = prom ? `${prom.errorType}: ${prom.error}` : text.slice(0, 200).trim();
  const message = `HTTP ${response.status} ${response.statusText}${detail ? ` (${detail})` : ''}`;
  throw new PrometheusHttpError(message, response.status, retryable, prom);
}

/**
 * A client for Prometheus' HTTP API over Node's fetch. Each query_range is a form POST (long
 * PromQL fits), carries the configured credentials and gives up after `timeoutMs`. It does not
 * retry: the source does, so attempts are counted once.
 */
export function createPrometheusApi(options: PrometheusApiOptions): PrometheusApi {
  const endpoint = `${options.url.replace(/\/+$/, '')}/api/v1/query_range`;
  const headers = { 'content-type': 'application/x-www-form-urlencoded', ...authorization(options.auth) };
  return {
    async queryRange(request) {
      const body = new URLSearchParams({
        query: request.query,
        start: String(request.start / 1000),
        end: String(request.end / 1000),
        step: String(request.stepMs / 1000),
        timeout: `${Math.max(1, Math.floor(options.timeoutMs / 1000))}s`,
      });
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        throw unreachable(error, options.timeoutMs);
      }
      try {
        return await answerOf(response);
      } catch (error) {
        if (error instanceof PrometheusHttpError) throw error;
        throw unreachable(error, options.timeoutMs);
      }
    },
  };
}
