import { createServer, request, type ServerResponse } from 'node:http';

/** What the proxy does with one request: forward it, answer 503, or never answer (a time-out). */
export type ProxyStep = 'pass' | 'unavailable' | 'hang';

export interface PrometheusProxy {
  readonly url: string;
  /** The step applied to each request, in order. */
  readonly applied: ProxyStep[];
  close(): Promise<void>;
}

/** Prometheus' own answer when it cannot serve (its query engine overloaded, say). */
const UNAVAILABLE_BODY = JSON.stringify({
  status: 'error',
  errorType: 'unavailable',
  error: 'too many concurrent queries (test proxy)',
});

/**
 * A proxy in front of a Prometheus that treats the n-th request as `script[n]` says, then passes
 * everything. A hung request is held open until the client gives up or the proxy closes.
 */
export async function startPrometheusProxy(
  target: string,
  script: readonly ProxyStep[],
): Promise<PrometheusProxy> {
  const queue = [...script];
  const applied: ProxyStep[] = [];
  const hung = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const step = queue.shift() ?? 'pass';
    applied.push(step);
    if (step === 'pass') {
      const upstream = request(
        new URL(req.url ?? '/', target),
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (error) => res.writeHead(502).end(String(error)));
      req.pipe(upstream);
      return;
    }
    req.resume();
    if (step === 'hang') hung.add(res);
    else res.writeHead(503, { 'content-type': 'application/json' }).end(UNAVAILABLE_BODY);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    applied,
    close: () => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
