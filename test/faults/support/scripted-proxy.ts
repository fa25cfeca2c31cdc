import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { THROTTLING, UNAVAILABLE, type Fault } from '../../ingest/support/fault-proxy';

/** What the proxy does with one matching request: answer it, fault it, or never answer (a time-out). */
export type Step = 'pass' | 'throttle' | 'unavailable' | 'hang';

const CANNED: Readonly<Record<'throttle' | 'unavailable', Fault>> = {
  throttle: THROTTLING,
  unavailable: UNAVAILABLE,
};

export interface ScriptedProxy {
  readonly endpoint: string;
  /** The step applied to each matching request, in order. */
  readonly applied: Step[];
  close(): Promise<void>;
}

/**
 * A proxy in front of `target` that treats the n-th request whose `X-Amz-Target` ends in `operation`
 * as `script[n]` says (then passes everything); other requests pass. A hung request is held open
 * until the client gives up or the proxy closes.
 */
export async function startScriptedProxy(
  target: string,
  operation: string,
  script: readonly Step[],
): Promise<ScriptedProxy> {
  const queue = [...script];
  const applied: Step[] = [];
  const hung = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const op = String(req.headers['x-amz-target'] ?? '')
      .split('.')
      .pop();
    const step = op === operation ? (queue.shift() ?? 'pass') : 'pass';
    if (op === operation) applied.push(step);
    if (step === 'pass') return forward(target, req, res);
    req.resume();
    if (step === 'hang') hung.add(res);
    else res.writeHead(CANNED[step].status, CANNED[step].headers).end(CANNED[step].body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    applied,
    close: () => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

// Headers pass unchanged: the SigV4 signature covers the original Host.
function forward(target: string, req: IncomingMessage, res: ServerResponse): void {
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
}
