// bench:cluster — the deployment recipe's figures (infra/README.md): one hourly cycle over N
// synthetic series with its workers as separate processes, on the production-shaped Temporal
// cluster (infra/cluster.sh) against the dev server, and with one ML worker process against two;
// the layouts take turns, round by round, so the machine's load falls on all of them alike.
import path from 'node:path';
import type { ModelArtifact } from '../src/forecast';
import { loadHourlySources, HISTORY_HOURS, HOUR_MS, type HourlySource } from './cycle-data';
import { championArtifacts, parseModels } from './cycle-models';
import { HORIZON, seedChampions, seedSeries } from './cycle-seed';
import { processRssMb, startLayout, tableBytes, timedCycle, type Layout } from './cluster-layout';
import { DEFAULT_DATA, flag, median, packageVersion, printHeader, result } from './support/header';
import {
  startTemporalCluster,
  TEMPORAL_SERVICES,
  type TemporalCluster,
} from '../test/support/temporal-cluster';
import { startPrivateTemporal, type PrivateTemporal } from '../test/support/private-temporal';

const SERIES = Number(flag('series', '1000'));
const SHARD_SIZE = Number(flag('shard-size', '100'));
const ROUNDS = Number(flag('rounds', '3'));
const SEED = Number(flag('seed', '42'));

const LAYOUTS = [
  { name: 'dev_ml1', server: 'dev', mlWorkers: 1 },
  { name: 'cluster_ml1', server: 'cluster', mlWorkers: 1 },
  { name: 'cluster_ml2', server: 'cluster', mlWorkers: 2 },
] as const;

async function main(): Promise<void> {
  if (!(Number.isSafeInteger(SERIES) && SERIES > 0))
    throw new Error(`--series must be a positive integer, got ${SERIES}`);
  if (!(Number.isSafeInteger(ROUNDS) && ROUNDS > 0 && ROUNDS <= 6))
    throw new Error(`--rounds must be an integer from 1 to 6, got ${ROUNDS}`);
  const dataDir = path.resolve(flag('data', DEFAULT_DATA));
  const { sources } = loadHourlySources(dataDir);
  const seed = { sources, seed: SEED, count: SERIES, gridStart: (sources[0] as HourlySource).start };
  const t = performance.now();
  const cluster: TemporalCluster = await startTemporalCluster();
  const clusterUpS = (performance.now() - t) / 1000;
  const emptyStoreBytes = await cluster.storeBytes();
  const dev: PrivateTemporal = await startPrivateTemporal();
  const layouts: Layout[] = [];
  try {
    printHeader('bench:cluster', {
      temporal: `temporal-server 1.31.2 (history, matching, frontend, worker processes) on PostgreSQL, up in ${clusterUpS.toFixed(1)} s; dev server ${packageVersion('@temporalio/client')} client`,
      run: `${SERIES} series from ${dataDir}; shard size ${SHARD_SIZE}; ${ROUNDS} timed cycles per layout after 1 warm-up; every step on; workers as processes (1 I/O + 1 or 2 ML)`,
    });
    const naive = parseModels('seasonal-naive');
    const artifact = (await championArtifacts(naive, seed, HORIZON)).get('seasonal-naive') as ModelArtifact;
    for (const spec of LAYOUTS) {
      const server = spec.server === 'dev' ? dev : cluster;
      const layout = await startLayout(spec, server.client, server.address);
      layouts.push(layout);
      const { ids } = await seedSeries(layout.db, seed);
      await seedChampions(layout.db, ids, () => artifact);
      console.log(
        `${spec.name}: seeded ${ids.length} series, workers polling in ${layout.startS.toFixed(1)} s`,
      );
    }
    const warmupHour = seed.gridStart + HISTORY_HOURS * HOUR_MS;
    for (let r = 0; r <= ROUNDS; r++)
      for (const layout of layouts) {
        const s = await timedCycle(layout, warmupHour + r * HOUR_MS, SHARD_SIZE);
        if (r > 0) layout.seconds.push(s);
        console.log(`${layout.spec.name}: ${r === 0 ? 'warm-up' : `round ${r}`} ${s.toFixed(2)} s`);
      }
    report(layouts, cluster);
    await reportStore(cluster, emptyStoreBytes, 2 * (ROUNDS + 1));
    await reportSizes(layouts[0]!);
  } finally {
    for (const layout of layouts) await layout.stop();
    await dev.dispose().catch(() => undefined);
    await cluster.dispose();
  }
}

function report(layouts: readonly Layout[], cluster: TemporalCluster): void {
  const med = new Map(layouts.map((l) => [l.spec.name, median(l.seconds)]));
  console.log('');
  for (const l of layouts) {
    const rss = l.workerPids().map((p) => `${processRssMb(p).toFixed(0)} MB`);
    console.log(
      `${l.spec.name.padEnd(12)} median ${med.get(l.spec.name)!.toFixed(2)} s; worker RSS ${rss.join(', ')}`,
    );
    result(`cluster.${l.spec.name}.cycle_s`, med.get(l.spec.name)!);
  }
  result('cluster.cluster_vs_dev.ratio', med.get('cluster_ml1')! / med.get('dev_ml1')!);
  result('cluster.ml2_vs_ml1.ratio', med.get('cluster_ml2')! / med.get('cluster_ml1')!);
  for (const service of TEMPORAL_SERVICES)
    result(`cluster.temporal_${service}.rss_mb`, processRssMb(cluster.servicePid(service)));
}

/** What the cluster's cycles added to PostgreSQL: every workflow, shard and activity of the run. */
async function reportStore(cluster: TemporalCluster, emptyBytes: number, cycles: number): Promise<void> {
  const grown = (await cluster.storeBytes()) - emptyBytes;
  result('cluster.postgres.empty_mb', emptyBytes / 2 ** 20);
  result('cluster.postgres.grown_mb', grown / 2 ** 20);
  result('cluster.postgres.kb_per_series_cycle', grown / 1024 / (SERIES * cycles));
}

/** MariaDB bytes per row of the two big tables, and the share of a cycle's hot rows per series. */
async function reportSizes(layout: Layout): Promise<void> {
  const bytes = await tableBytes(layout.db, ['observations', 'forecasts']);
  for (const [table, b] of bytes) result(`cluster.mariadb.${table}.bytes_per_row`, b);
  // A cycle reads 14 days of hourly history and 7 days of forecasts (6 steps an hour) per series.
  const hot = 14 * 24 * bytes.get('observations')! + 7 * 24 * 6 * bytes.get('forecasts')!;
  result('cluster.mariadb.hot_bytes_per_series', hot);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
