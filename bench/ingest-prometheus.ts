// The Prometheus part of bench:ingest: the --data files loaded into a real Prometheus (promtool
// blocks), read back by metricast's Prometheus path in daily windows (as `metricast ingest --source
// prometheus` chunks a range) and stored; bounded by Prometheus' own answer time for the same
// requests, measured in the same run.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createIngestActivities, type IngestDeps } from '../src/activities/ingest';
import { createPrometheusApi, createPrometheusSource, parseCsv, type PromQuery } from '../src/ingest';
import { startPrivatePrometheus, systemBinary } from '../test/support/private-prometheus';
import type { TestDb } from '../test/support/test-db';
import { result } from './support/header';
import { timeRounds } from './support/rounds';

const STEP = 300_000;
const DAY = 86_400_000;
/** Every file starts here: whatever their own dates, one query then reads them all. */
const T0 = Date.UTC(2024, 0, 1);
const QUERY: PromQuery = { family: 'BenchValue', unit: '', query: 'bench_value', setting: 'bench' };

/** The Prometheus version line, for the header. */
export function prometheusVersion(): string {
  try {
    const out = execFileSync(systemBinary('prometheus', 'METRICAST_PROMETHEUS_BIN'), [
      '--version',
    ]).toString();
    return out.split('\n')[0]?.replace(/^prometheus, /, '') ?? '?';
  } catch {
    return 'not installed (bash infra/deps.sh)';
  }
}

/** Each file as one series `bench_value{instance="<file>"}`, shifted to start at T0; returns the text and the span. */
function openMetrics(files: readonly string[]): { text: string; span: number } {
  const lines = ['# TYPE bench_value gauge'];
  let span = 0;
  for (const file of files) {
    const { points } = parseCsv(readFileSync(file, 'utf8'), file, { duplicates: 'keep-last' });
    // Onto the grid: the first point lands on T0, so regular files sit on the 5-minute slots queried.
    const shift = T0 - (points[0]?.t ?? T0);
    const instance = path.basename(file, '.csv');
    for (const p of points)
      lines.push(`bench_value{instance="${instance}",job="bench"} ${p.v} ${(p.t + shift) / 1000}`);
    span = Math.max(span, (points[points.length - 1]?.t ?? 0) + shift - T0 + STEP);
  }
  lines.push('# EOF', '');
  return { text: lines.join('\n'), span };
}

/** Runs the Prometheus measurement and prints its lines and RESULTs; `filePps` is the file path's rate. */
export async function benchPrometheus(
  db: TestDb,
  files: readonly string[],
  base: Omit<IngestDeps, 'db' | 'prometheus'>,
  rounds: number,
  filePps: number,
): Promise<void> {
  const { text, span } = openMetrics(files);
  const prom = await startPrivatePrometheus({ history: text });
  try {
    const config = {
      url: prom.url,
      queries: [QUERY],
      labels: { keepLabels: ['job'], hostSuffixes: [] },
      stepMs: STEP,
      maxPointsPerQuery: 10_000,
      maxAttempts: 3,
      timeoutMs: 60_000,
    };
    const days = Array.from({ length: Math.ceil(span / DAY) }, (_, d) => ({
      from: T0 + d * DAY,
      to: T0 + (d + 1) * DAY,
    }));
    const activities = createIngestActivities({ ...base, db, prometheus: createPrometheusSource(config) });
    const ingest = await timeRounds(db, rounds, async () => {
      let points = 0;
      for (const range of days) points += (await activities.ingestPrometheusWindow({ range })).points5m;
      return points;
    });
    // The bound: the same requests, answered and parsed as JSON, nothing else.
    const api = createPrometheusApi(config);
    const answer = await timeRounds(db, rounds, async () => {
      let samples = 0;
      for (const r of days) {
        const body = (await api.queryRange({
          query: QUERY.query,
          start: r.from,
          end: r.to - STEP,
          stepMs: STEP,
        })) as {
          data: { result: Array<{ values: unknown[] }> };
        };
        samples += body.data.result.reduce((n, s) => n + s.values.length, 0);
      }
      return samples;
    });
    const pps = ingest.points / ingest.seconds;
    const queryPps = answer.points / answer.seconds;
    console.log(
      `prometheus:    ${ingest.points} points in ${ingest.seconds.toFixed(3)} s = ${pps.toFixed(0)} points/s (${files.length} files in ${days.length} daily windows, query_range → clean → store)`,
    );
    console.log(
      `  bound:       Prometheus answers the same ${days.length} requests (${answer.points} samples) in ${answer.seconds.toFixed(3)} s = ${queryPps.toFixed(0)} samples/s`,
    );
    console.log(
      `ratio prometheus/query: ${(pps / queryPps).toFixed(3)}x; prometheus/file: ${(pps / filePps).toFixed(3)}x`,
    );
    result('ingest.prometheus.points_per_s', Math.round(pps));
    result('ingest.prometheus.query_samples_per_s', Math.round(queryPps));
    result('ingest.prometheus.ratio_vs_query', pps / queryPps);
  } finally {
    await prom.dispose();
  }
}
