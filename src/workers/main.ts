// Worker process entry point: parse config, build dependencies, run the configured task queues'
// workers until SIGINT/SIGTERM, letting in-flight activities finish within the grace time.
import { NativeConnection, Runtime, type LogLevel, type Logger, type Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { loadConfig, redactConfig } from '../config';
import { initBackend } from '../forecast';
import { splitActivities } from './activity-split';
import { createIoWorker, createMlWorker } from './create-workers';
import { buildActivityDeps } from './dependencies';
import { lineLogger } from './log-format';

/**
 * The AWS SDK warns on every start that its releases after January 2027 need Node 22: worth knowing
 * once when upgrading, not worth a paragraph in every worker.log. Other warnings print as before.
 */
function quietNodeVersionWarning(logger: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    const text = `${warning.name}: ${warning.message}`;
    if (text.includes('NodeVersionSupportWarning')) logger.debug(text.replace(/\s+/g, ' '));
    else logger.warn(text.replace(/\s+/g, ' '));
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const metrics = config.worker.prometheusAddress;
  const logger = lineLogger(config.log.level.toUpperCase() as LogLevel);
  quietNodeVersionWarning(logger);
  Runtime.install({
    logger,
    // The SDK runtime serves its own metrics (task latencies, slots, polls) for Prometheus.
    telemetryOptions: {
      ...(metrics && { metrics: { prometheus: { bindAddress: metrics } } }),
      // The Rust core's own warnings (a slow workflow task, say) go through the same one-line logger
      // instead of printing coloured multi-line text of their own.
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
    },
    shutdownSignals: ['SIGINT', 'SIGTERM'],
  });
  console.log(`worker: config ${JSON.stringify(redactConfig(config))}`);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const deps = buildActivityDeps(config);
  const { io, ml } = splitActivities(createActivities(deps));
  const queues = config.worker.queues;
  try {
    const workers: Worker[] = [];
    if (queues.includes('io')) workers.push(await createIoWorker({ config, connection, activities: io }));
    if (queues.includes('ml')) {
      const backend = await initBackend();
      console.log(`worker: tfjs backend ${backend.name} (${backend.reason})`);
      workers.push(await createMlWorker({ config, connection, activities: ml }));
    }
    const polled = workers.map((w) => w.options.taskQueue).join(', ');
    console.log(
      `worker: polling ${polled} on ${config.temporal.address}${metrics ? `, metrics on http://${metrics}/metrics` : ''}`,
    );
    await Promise.all(workers.map((w) => w.run()));
  } finally {
    await connection.close();
    await deps.close();
  }
  console.log('worker: stopped');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
