import {
  startNodeExporter,
  startPrivatePrometheus,
  type NodeExporter,
  type PrivatePrometheus,
} from './private-prometheus';

/** This machine's node_exporter, scraped every second by a Prometheus of the test run's own. */
export interface LivePrometheus {
  readonly node: NodeExporter;
  readonly prom: PrivatePrometheus;
  /** When scraping began, epoch ms. */
  readonly startedAt: number;
}

/** Title of the suites that read live node_exporter data; the root hook starts the stack early for them. */
export const LIVE_SUITE_MARK = '[live node_exporter]';

let shared: Promise<LivePrometheus> | undefined;

/**
 * One live stack per test run, started on first use. Live data needs wall-clock time (two 5-minute
 * grid slots before anything can be stored), so the root hook starts it when the run begins if a
 * suite marked `LIVE_SUITE_MARK` is part of it: by the time that suite runs, the data is there.
 */
export function liveStack(): Promise<LivePrometheus> {
  shared ??= (async () => {
    const node = await startNodeExporter();
    const prom = await startPrivatePrometheus({
      scrapeConfigs: [{ job_name: 'node', static_configs: [{ targets: [node.target] }] }],
    });
    return { node, prom, startedAt: Date.now() };
  })();
  return shared;
}

/** Stops the live stack if the run started it. */
export async function stopLiveStack(): Promise<void> {
  if (!shared) return;
  const { node, prom } = await shared;
  shared = undefined;
  await prom.dispose();
  await node.dispose();
}
