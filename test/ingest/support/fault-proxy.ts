import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';

/** A canned failure: status, headers and body. */
export interface Fault {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * CloudWatch's throttling answer in the AWS JSON 1.0 protocol this SDK version speaks (with
 * `awsQueryCompatible`, the query-protocol code travels in `x-amzn-query-error`).
 */
export const THROTTLING: Fault = {
  status: 400,
  headers: {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-query-error': 'Throttling;Sender',
    'x-amzn-requestid': 'throttled-by-test-proxy',
  },
  body: JSON.stringify({
    __type: 'com.amazon.coral.availability#ThrottlingException',
    message: 'Rate exceeded',
  }),
};

/** A 503 with no useful body, as a load balancer in front of the service might send. */
export const UNAVAILABLE: Fault = {
  status: 503,
  headers: { 'content-type': 'application/x-amz-json-1.0' },
  body: JSON.stringify({ __type: 'ServiceUnavailable', message: 'try again' }),
};

/** A proxy in front of `target` that answers matching requests with `faults` first, then forwards. */
export interface FaultProxy {
  readonly endpoint: string;
  /** X-Amz-Target (operation) of every request seen, and whether it was faulted. */
  readonly seen: { operation: string; faulted: boolean }[];
  close(): Promise<void>;
}

/** Starts the proxy; `operation` selects requests by the end of their `X-Amz-Target`, e.g. `GetMetricData`. */
export async function startFaultProxy(
  target: string,
  operation: string,
  faults: readonly Fault[],
): Promise<FaultProxy> {
  const queue = [...faults];
  const seen: FaultProxy['seen'] = [];
  const server = createServer((req, res) => {
    const op =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    const fault = op === operation ? queue.shift() : undefined;
    seen.push({ operation: op, faulted: fault !== undefined });
    if (fault) {
      req.resume();
      res.writeHead(fault.status, fault.headers).end(fault.body);
      return;
    }
    forward(target, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** Passes a request on to `target` and its answer back; headers unchanged (the SigV4 signature covers the original Host). */
export function forward(target: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', target);
  const upstream = request(url, { method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', (error) => res.writeHead(502).end(String(error)));
  req.pipe(upstream);
}
