/**
 * What the soak benchmark measures after every cycle, and how it judges growth: medians of the first
 * `k` samples after the warm-up against medians of the last `k` (one slow cycle or a GC that ran late
 * moves neither), tensors exactly, and a table of the run over time.
 */
import { median, result } from './support/header';

/** The process after one cycle (after a full GC when the process was started with --expose-gc). */
export interface Sample {
  readonly cycle: number;
  /** Minutes since the first cycle started. */
  readonly minutes: number;
  readonly nominalHour: number;
  readonly seconds: number;
  /** Forecast shards (first start to last end) and the database steps (reconcile, accuracy, dashboard). */
  readonly forecastSeconds: number;
  readonly dbSeconds: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly externalMb: number;
  readonly tensors: number;
  readonly tensorMb: number;
  /** Tensors made during the cycle (all since freed unless `tensors` grew). */
  readonly tensorsCreated: number;
  readonly rows: number;
  readonly reconciled: number;
}

export interface SoakJudgement {
  readonly warmup: number;
  /** Samples in each of the two windows compared. */
  readonly k: number;
  readonly rssGrowthPct: number;
  readonly heapGrowthPct: number;
  readonly tensorGrowth: number;
  readonly latencyDriftPct: number;
  readonly forecastDriftPct: number;
  readonly dbDriftPct: number;
  /** Least-squares slope of RSS over the judged cycles, MB per 100 cycles. */
  readonly rssSlopeMbPer100: number;
}

const pct = (from: number, to: number): number => (100 * (to - from)) / from;

function slope(xs: readonly number[], ys: readonly number[]): number {
  const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
  const my = ys.reduce((s, y) => s + y, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * ((ys[i] ?? my) - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? 0 : num / den;
}

/**
 * Judges the samples after the first `warmupCycles` (fewer when the run was short: at most a third of
 * it), comparing the first and last `window` of them (at most half each).
 */
export function judge(samples: readonly Sample[], warmupCycles: number, window: number): SoakJudgement {
  const warmup = Math.min(warmupCycles, Math.floor(samples.length / 3));
  const judged = samples.slice(warmup);
  const k = Math.max(1, Math.min(window, Math.floor(judged.length / 2)));
  const first = judged.slice(0, k);
  const last = judged.slice(-k);
  const drift = (pick: (s: Sample) => number) => pct(median(first.map(pick)), median(last.map(pick)));
  return {
    ...{ warmup, k },
    rssGrowthPct: drift((s) => s.rssMb),
    heapGrowthPct: drift((s) => s.heapUsedMb),
    tensorGrowth: (last[last.length - 1]?.tensors ?? 0) - (first[0]?.tensors ?? 0),
    latencyDriftPct: drift((s) => s.seconds),
    forecastDriftPct: drift((s) => s.forecastSeconds),
    dbDriftPct: drift((s) => s.dbSeconds),
    rssSlopeMbPer100:
      100 *
      slope(
        judged.map((s) => s.cycle),
        judged.map((s) => s.rssMb),
      ),
  };
}

const f = (x: number, digits = 1): string => x.toFixed(digits);

/** The run over time in about `rows` buckets of consecutive cycles, medians per bucket. */
export function printTimeTable(samples: readonly Sample[], warmup: number, rows = 15): void {
  const header = [
    'cycles',
    'min',
    'nominal hour',
    'cycle s',
    'shards s',
    'db s',
    'RSS MB',
    'heap MB',
    'ext MB',
    'tensors',
    'made/cycle',
    'reconciled',
  ];
  const size = Math.max(1, Math.ceil(samples.length / rows));
  const lines: string[][] = [];
  for (let i = 0; i < samples.length; i += size) {
    const b = samples.slice(i, i + size);
    const m = (pick: (s: Sample) => number) => median(b.map(pick));
    const firstCycle = b[0]?.cycle ?? 0;
    const lastCycle = b[b.length - 1]?.cycle ?? 0;
    lines.push([
      `${firstCycle}–${lastCycle}${lastCycle <= warmup ? ' w' : ''}`,
      f(b[b.length - 1]?.minutes ?? 0),
      new Date(b[0]?.nominalHour ?? 0).toISOString().slice(0, 13) + 'Z',
      f(
        m((s) => s.seconds),
        2,
      ),
      f(
        m((s) => s.forecastSeconds),
        2,
      ),
      f(
        m((s) => s.dbSeconds),
        2,
      ),
      f(m((s) => s.rssMb)),
      f(m((s) => s.heapUsedMb)),
      f(m((s) => s.externalMb)),
      String(Math.max(...b.map((s) => s.tensors))),
      f(
        m((s) => s.tensorsCreated),
        0,
      ),
      f(
        m((s) => s.reconciled),
        0,
      ),
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  for (const l of lines) console.log(line(l));
  console.log('  (medians per row of consecutive cycles; tensors is the row maximum; w = warm-up)');
}

/** The judgement in words, then the RESULT lines. */
export function printJudgement(j: SoakJudgement, samples: readonly Sample[]): void {
  const judged = samples.length - j.warmup;
  console.log(
    `judged: cycles ${j.warmup + 1}–${samples.length} (${judged}) after a warm-up of ${j.warmup}; ` +
      `growth = median of the last ${j.k} samples against the median of the first ${j.k} after the warm-up`,
  );
  console.log(
    `  RSS ${f(j.rssGrowthPct, 2)}% (slope ${f(j.rssSlopeMbPer100, 2)} MB per 100 cycles), heap ${f(j.heapGrowthPct, 2)}%, ` +
      `tensors ${j.tensorGrowth >= 0 ? '+' : ''}${j.tensorGrowth}; latency ${f(j.latencyDriftPct, 1)}% ` +
      `(shards ${f(j.forecastDriftPct, 1)}%, database steps ${f(j.dbDriftPct, 1)}%)`,
  );
  console.log('');
  result('soak.rss_growth_pct', j.rssGrowthPct);
  result('soak.tensor_growth', j.tensorGrowth);
  result('soak.cycle_latency_drift_pct', j.latencyDriftPct);
  result('soak.heap_growth_pct', j.heapGrowthPct);
  result('soak.rss_slope_mb_per_100_cycles', j.rssSlopeMbPer100);
  result('soak.forecast_latency_drift_pct', j.forecastDriftPct);
  result('soak.db_latency_drift_pct', j.dbDriftPct);
  result('soak.cycles', samples.length);
  result('soak.cycle_s_median', median(samples.slice(j.warmup).map((s) => s.seconds)));
  result('soak.tensors_created_per_cycle', median(samples.slice(j.warmup).map((s) => s.tensorsCreated)));
}
