import path from 'node:path';
import { ChampionCache, type ActivityDeps } from '../activities';
import type { Config } from '../config';
import { createDb } from '../db';
import { createCloudWatchSource } from '../ingest';
import { prometheusSourceFromConfig } from './prometheus-source';
import { alertMailFromConfig } from '../mail';

/** Activity dependencies plus the means to release them at shutdown. */
export type WiredDeps = ActivityDeps & { close(): Promise<void> };

/** Builds what the activities need from the configuration: the one place that wires real services. */
export function buildActivityDeps(config: Config): WiredDeps {
  const db = createDb(config.db);
  const cw = config.cloudwatch;
  const cloudwatch = createCloudWatchSource({
    region: config.aws.region,
    endpoint: config.aws.endpoint,
    instanceIds: cw.instanceIds,
    ec2Namespace: cw.ec2Namespace,
    ec2Metrics: cw.ec2Metrics,
    memoryNamespace: cw.memoryNamespace,
    memoryMetric: cw.memoryMetric,
    periodSeconds: cw.periodSeconds,
    maxQueriesPerCall: cw.maxQueriesPerCall,
    maxDatapointsPerCall: cw.maxDatapointsPerCall,
    maxAttempts: cw.maxAttempts,
  });
  const alertMail = alertMailFromConfig(config);
  return {
    db,
    alertMail,
    cloudwatch,
    championCache: new ChampionCache(config.worker.championCacheModels),
    // The cycle's ingest step reads CloudWatch only where it is configured: an endpoint or instance ids.
    cloudwatchEnabled: Boolean(config.aws.endpoint) || cw.instanceIds.length > 0,
    // The demo's replay source, only in demo mode (demo.replay).
    ...(config.demo.replay && { replayDataDir: path.resolve(config.paths.dataDir) }),
    // The cycle reads Prometheus too when prometheus.url is set.
    prometheus: prometheusSourceFromConfig(config),
    async close() {
      cloudwatch.destroy();
      alertMail?.mailer.close();
      await db.pool.end();
    },
    cleaning: {
      stepMs: cw.periodSeconds * 1000,
      maxGapMs: config.ingest.maxGapMinutes * 60_000,
      minCoverage: config.ingest.minCoverage,
      dropPatterns: config.ingest.dropPatterns,
      hostSuffixes: config.ingest.hostDomainSuffixes,
    },
  };
}
