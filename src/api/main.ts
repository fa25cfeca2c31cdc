// HTTP server process entry point: parse config, build dependencies, listen until SIGINT/SIGTERM.
import { Client, Connection } from '@temporalio/client';
import { loadConfig, redactConfig } from '../config';
import { createDb } from '../db';
import { initBackend } from '../forecast';
import { startExpositionListener, type ExpositionListener } from './exposition/listener';
import { buildServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.db);
  // Lazy: the API serves reads while Temporal is down; only retrain requests need it, and they
  // connect on first use.
  const connection = Connection.lazy({ address: config.temporal.address });
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  const app = await buildServer({ db, config, temporal });
  app.log.info({ config: redactConfig(config) }, 'api: config');
  // Registered models may be tfjs networks; their predictions need a backend.
  const backend = await initBackend({ logger: { info: (message: string) => app.log.info(message) } });
  app.log.info(`api: tfjs backend ${backend.name} (${backend.reason})`);
  let exposition: ExpositionListener | undefined;
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`api: ${signal}, closing`);
    await app.close();
    await exposition?.close();
    await connection.close().catch(() => undefined);
    await db.pool.end();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void close(signal));
  await app.listen({ host: config.api.host, port: config.api.port });
  app.log.info(
    `api: listening on http://${config.api.host}:${config.api.port} (OpenAPI at /api/v1/openapi.json, login at /login)`,
  );
  if (config.exposition.listen) {
    const onError = (error: unknown) => app.log.error({ err: error }, 'exposition: scrape failed');
    exposition = await startExpositionListener(db, { ...config.exposition, onError });
    app.log.info(`api: Prometheus exposition without a token on http://${exposition.address}/metrics`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
