// Worker process entry point: parse config, build dependencies, run until SIGINT/SIGTERM.
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig, redactConfig } from '../config';
import { buildActivityDeps } from './dependencies';
import { createIoWorker } from './io-worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const metrics = config.worker.prometheusAddress;
  Runtime.install({
    logger: new DefaultLogger(config.log.level.toUpperCase() as 'INFO'),
    // The SDK runtime serves its own metrics (task latencies, slots, polls) for Prometheus.
    telemetryOptions: metrics ? { metrics: { prometheus: { bindAddress: metrics } } } : undefined,
    // On these signals the workers stop polling and let in-flight activities finish (up to the grace time).
    shutdownSignals: ['SIGINT', 'SIGTERM'],
  });
  console.log(`worker: config ${JSON.stringify(redactConfig(config))}`);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const deps = buildActivityDeps(config);
  try {
    const io = await createIoWorker({ config, connection, deps });
    console.log(
      `worker: polling ${config.temporal.ioTaskQueue} on ${config.temporal.address}${metrics ? `, metrics on http://${metrics}/metrics` : ''}`,
    );
    await io.run();
  } finally {
    await connection.close();
    await deps.db.pool.end();
  }
  console.log('worker: stopped');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
