import { createServer, type ServerResponse } from 'node:http';
import { forward } from './fault-proxy';

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
 * everything. A hung request is held open until the client gives up or the proxy closes. With
 * `bearer`, it is the auth proxy bearer tokens usually mean (Prometheus itself knows only basic
 * auth): a request without `Authorization: Bearer <bearer>` gets 401.
 */
export async function startPrometheusProxy(
  target: string,
  script: readonly ProxyStep[],
  options: { readonly bearer?: string } = {},
): Promise<PrometheusProxy> {
  const queue = [...script];
  const applied: ProxyStep[] = [];
  const hung = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    if (options.bearer !== undefined && req.headers.authorization !== `Bearer ${options.bearer}`) {
      req.resume();
      return void res.writeHead(401, { 'content-type': 'text/plain' }).end('bearer token required\n');
    }
    const step = queue.shift() ?? 'pass';
    applied.push(step);
    if (step === 'pass') return forward(target, req, res);
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
