/** What the cycle benchmark prints: a breakdown per cycle, the profile, and the summary table. */
import type { Span } from './cycle-probe';
import type { ProfileResult } from './cycle-profile';
import type { CycleRun } from './cycle-run';
import { STEPS } from './cycle-timeline';
import type { Rate } from './cycle-seed';

/** One size's figures, as the table shows them. */
export interface SizeOutcome {
  readonly size: number;
  readonly observations: Rate;
  readonly championsSequential: Rate;
  readonly championsParallel: Rate;
  readonly warmup: CycleRun;
  /** The median of `rounds`. */
  readonly timed: CycleRun;
  readonly rounds: readonly CycleRun[];
  /** 1-minute load average after the timed cycles (the machine is shared). */
  readonly load: number;
  /** Absent when a cycle of this size timed out. */
  readonly profile: ProfileResult | undefined;
}

const s = (x: number, digits = 2): string => x.toFixed(digits);
const rate = (r: Rate): string => (r.n === 0 ? '-' : s(r.n / r.seconds, 0));

function named(spans: readonly Span[], name: string): Span[] {
  return spans.filter((x) => x.name === name);
}

const busy = (spans: readonly Span[]): number => spans.reduce((t, x) => t + x.end - x.start, 0) / 1000;

/** Seconds from the first span's start to the last one's end. */
function extent(spans: readonly Span[]): number {
  if (spans.length === 0) return 0;
  return (Math.max(...spans.map((x) => x.end)) - Math.min(...spans.map((x) => x.start))) / 1000;
}

/** One stage of a cycle: a RESULT-name key, a label and its seconds. */
export interface Stage {
  readonly key: string;
  readonly label: string;
  readonly seconds: number;
}

/**
 * Step seconds of one cycle, on Temporal's clock (see `cycle-timeline.ts`): each step, the time
 * waiting for Temporal measured as such, and the client's calls; they add up to the wall time.
 */
export function stages(run: CycleRun): Stage[] {
  if (!run.timeline) return spanStages(run);
  const t = run.timeline;
  return [
    ...STEPS.map(([key]) => ({ key, label: STEP_LABELS[key] ?? key, seconds: t.steps.get(key) ?? 0 })),
    { key: 'temporal', label: 'waiting for Temporal (no activity running)', seconds: t.temporal },
    { key: 'client', label: 'client: start call and result', seconds: t.client },
  ];
}

const STEP_LABELS: Readonly<Record<string, string>> = {
  ingest: 'ingest (newest window)',
  list: 'plan shards',
  forecast: 'forecast shards (activities running)',
  reconcile: 'reconcile',
  accuracy: 'accuracy refresh',
  dashboard: 'dashboard refresh',
  anomalies: 'anomalies (pages and mail)',
  alerts: 'alerts (evaluate and deliver)',
  monitoring: 'monitoring (breaches)',
};

/** Stage seconds from this process's spans, for a cycle that timed out (no full history to read). */
function spanStages(run: CycleRun): Stage[] {
  const shards = named(run.spans, 'forecastShard');
  const parts: Stage[] = [
    {
      key: 'list',
      label: 'plan shards',
      seconds: extent(['planForecastShards', 'listActiveSeriesIds'].flatMap((n) => named(run.spans, n))),
    },
    { key: 'forecast', label: 'forecast shards (first start → last end)', seconds: extent(shards) },
    { key: 'reconcile', label: 'reconcile', seconds: extent(named(run.spans, 'reconcileCycle')) },
    { key: 'accuracy', label: 'accuracy refresh', seconds: extent(named(run.spans, 'refreshAccuracy')) },
    { key: 'dashboard', label: 'dashboard refresh', seconds: extent(named(run.spans, 'refreshDashboard')) },
    {
      key: 'anomalies',
      label: 'anomaly step (first start → last end)',
      seconds: extent(
        ['scoreNewAnomalyPoints', 'deliverAnomalyMail', 'detectAnomalies'].flatMap((n) =>
          named(run.spans, n),
        ),
      ),
    },
  ];
  const accounted = parts.reduce((t, p) => t + p.seconds, 0);
  const label = run.summary
    ? 'Temporal: workflow tasks, child starts, polling'
    : 'Temporal, retry back-off, and the rest (timed out)';
  return [...parts, { key: 'temporal', label, seconds: run.seconds - accounted }];
}

/** Prints where one timed cycle's time went. */
export function printBreakdown(label: string, run: CycleRun): void {
  const shards = named(run.spans, 'forecastShard');
  const finished = run.summary
    ? 'wall'
    : `wall: DID NOT FINISH, timed out; still running: ${run.stuck.join(', ') || 'none'}`;
  console.log(`  ${label}: ${s(run.seconds)} s ${finished}`);
  for (const { label: stage, seconds: sec } of stages(run))
    console.log(
      `    ${stage.padEnd(52)} ${s(sec).padStart(8)} s  ${s((100 * sec) / run.seconds, 0).padStart(3)}%`,
    );
  if (run.timeline) {
    const d = run.timeline.detail;
    console.log(
      `    Temporal, summed (overlapping): cycle workflow tasks ${s(d.cycleWorkflowTasks)} s, all workflow tasks ` +
        `${s(d.workflowTasks)} s, activities waiting in task queues ${s(d.activityQueueWait)} s, shard starts ${s(d.childStartWait)} s`,
    );
  }
  const shardBusy = busy(shards);
  console.log(
    `    shards: ${run.summary?.shards ?? '?'} planned, ${shards.length} attempts, ${s(shardBusy)} s busy in total ` +
      `(${s(shardBusy / Math.max(extent(shards), 1e-9))} running at once on average)`,
  );
  let sql = 0;
  for (const [family, q] of [...run.queries].sort((a, b) => b[1].ms - a[1].ms)) {
    if (family !== 'other') sql += q.ms / 1000;
    console.log(
      `    pool.query ${family.padEnd(16)} ${s(q.ms / 1000).padStart(8)} s summed, ${String(q.n).padStart(6)} calls, ${s(q.ms / q.n, 3)} ms each`,
    );
  }
  console.log(
    `    shard time outside SQL (load, predict, rows, heartbeats, waiting for the event loop): ${s(shardBusy - sql)} s`,
  );
  const { requests, disk } = run.pageReads;
  console.log(
    `    InnoDB pages read (server-wide): ${requests} logical, ${disk} from disk (${s((100 * disk) / Math.max(requests, 1), 2)}% misses)`,
  );
  if (!run.summary) return;
  const { forecast, reconcile, accuracyRows } = run.summary;
  console.log(
    `    counts: ${forecast.forecast}/${forecast.series} forecast, ${forecast.rows} rows, ${forecast.failed} failed, ` +
      `${forecast.noChampion} without champion; reconciled ${reconcile.reconciled}, missing ${reconcile.missing}, ` +
      `still pending ${reconcile.stillPending}; accuracy rows ${accuracyRows}`,
  );
}

/** Prints the step profile of one size. */
export function printProfile(profile: ProfileResult): void {
  const total = [...profile.perSeries.values()].reduce((t, x) => t + x, 0);
  console.log(`  shard path without Temporal, ${profile.series} series, no model cached (ms per series):`);
  for (const [step, ms] of profile.perSeries)
    console.log(`    ${step.padEnd(44)} ${s(ms, 3).padStart(8)}  ${s((100 * ms) / total, 0).padStart(3)}%`);
  console.log(`    ${'total'.padEnd(44)} ${s(total, 3).padStart(8)}`);
  console.log('  reads earlier code made, on the same series (ms per series):');
  for (const [step, ms] of profile.alternatives)
    console.log(`    ${step.padEnd(44)} ${s(ms, 3).padStart(8)}`);
}

/** Forecast rows the cycle wrote (those of finished shards only when it timed out). */
export const rowsOf = (run: CycleRun): number => run.summary?.forecast.rows ?? 0;

/** ms per series of the profiled shard path. */
export const profileTotal = (p: ProfileResult): number =>
  [...p.perSeries.values()].reduce((t, x) => t + x, 0);

/** The summary table, one row per size; ratios are per-series time against the smallest size. */
export function printTable(outcomes: readonly SizeOutcome[]): void {
  const base = outcomes[0];
  const header = [
    'series',
    'seed obs s',
    'obs rows/s',
    'champ 1-by-1/s',
    'champ ×8/s',
    'warm-up s',
    'cycle s',
    'fc rows',
    'rows/s',
    'ms/series',
    `ratio vs ${base?.size ?? '-'}`,
    'direct ms/series',
  ];
  const rows = outcomes.map((o) => {
    const perSeries = (1000 * o.timed.seconds) / o.size;
    const basePer = base ? (1000 * base.timed.seconds) / base.size : NaN;
    return [
      String(o.size),
      s(o.observations.seconds, 1),
      rate(o.observations),
      rate(o.championsSequential),
      rate(o.championsParallel),
      `${o.warmup.summary ? '' : '>'}${s(o.warmup.seconds)}`,
      `${o.timed.summary ? '' : '>'}${s(o.timed.seconds)}`,
      String(rowsOf(o.timed)),
      s(rowsOf(o.timed) / o.timed.seconds, 0),
      s(perSeries),
      o.timed.summary ? s(perSeries / basePer) : `>${s(perSeries / basePer)}`,
      o.profile ? s(profileTotal(o.profile)) : '-',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}
