import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../../db';
import { buildExposition } from './build';
import { EXPOSITION_CONTENT_TYPE } from './text-format';

/** A running loopback listener. */
export interface ExpositionListener {
  /** `host:port` actually bound (port 0 in the setting picks a free one). */
  readonly address: string;
  close(): Promise<void>;
}

export interface ExpositionListenerOptions {
  /** `exposition.listen`: 127.0.0.1, localhost or [::1] with a port (the config schema allows nothing else). */
  readonly listen: string;
  readonly maxSeries: number;
  /** Where a failed scrape is reported (the client sees only "500"). */
  readonly onError?: (error: unknown) => void;
}

/** `[::1]:9465` → host `::1`, port 9465. */
function splitListen(listen: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(listen);
  if (!match) throw new Error(`exposition.listen must be host:port, got ${JSON.stringify(listen)}`);
  return { host: match[1] ?? match[2] ?? '', port: Number(match[3]) };
}

/**
 * Serves `GET /metrics` without a token on a loopback address, for a Prometheus on the same
 * machine, where handing Prometheus an API token is unwanted.
 * Anything else gets 404 (other paths) or 405 (other methods).
 */
export async function startExpositionListener(
  db: Db,
  options: ExpositionListenerOptions,
): Promise<ExpositionListener> {
  const { host, port } = splitListen(options.listen);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') return void res.writeHead(404).end('not found: only /metrics is served here\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET' }).end();
    buildExposition(db, { maxSeries: options.maxSeries }).then(
      (text) =>
        res
          .writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE })
          .end(req.method === 'HEAD' ? undefined : text),
      (error: unknown) => {
        options.onError?.(error);
        res.writeHead(500).end('exposition failed; see the API log\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  return {
    address: `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
