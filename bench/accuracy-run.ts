/** Preparing the data and running the accuracy benchmark's evaluation, global-model and speed tasks. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  NEURAL_KINDS,
  SINGLE_MODEL_KINDS,
  defaultSeasonPeriod,
  isSingleModelKind,
  splitSeries,
  type ModelEvaluation,
  type SeriesData,
  type SingleModelKind,
} from '../src/forecast';
import { hourlyFactor, isEngineCandidate, kindOf, type Candidate, type Granularity } from './accuracy-config';
import { aggregate, loadFolder, type NamedSeries } from './accuracy-data';
import type { GlobalResult } from './accuracy-global';
import { runPool } from './accuracy-pool';
import type { SpeedResult, Task, TaskOutcome } from './accuracy-tasks';

const BUNDLED = 'data/nab/realAWSCloudwatch';
const SHARED = '/work/shared/data/nab/realAWSCloudwatch';
/** Candidates whose every forecast re-estimates the model: timed on a smaller batch. */
const REFIT_ON_PREDICT: readonly Candidate[] = ['ets-augurs', 'mstl-augurs', 'arima'];
/** Candidate name of the global model. */
export const GLOBAL = 'global';

/** `--data`, else the bundled NAB folder, else the shared copy. */
export function resolveDataDir(given: string | undefined): string {
  if (given !== undefined) return resolve(given);
  return existsSync(BUNDLED) ? resolve(BUNDLED) : SHARED;
}

/**
 * The default candidates: every kind except the per-series LSTM and TCN. Those two cost about ten
 * times the dense network per series (7–10 s of CPU each, against 0.5–1 s) and the neural family is
 * already represented by the dense network and the global model; `--models all` adds them back.
 */
export const DEFAULT_MODELS: readonly SingleModelKind[] = SINGLE_MODEL_KINDS.filter(
  (kind) => kind !== 'lstm' && kind !== 'tcn',
);

/**
 * `--models` checked against the catalogue (`all`: every kind); default {@link DEFAULT_MODELS}.
 * `ets-augurs` and `mstl-augurs` (compared, never served) are named explicitly.
 */
export function resolveModels(given: string | undefined, quick: boolean): Candidate[] {
  if (given === undefined) {
    return quick ? ['naive', 'seasonal-naive', 'ets', 'mstl', 'theta', 'dense'] : [...DEFAULT_MODELS];
  }
  if (given.trim() === 'all') return [...SINGLE_MODEL_KINDS];
  const names = given.split(',').map((m) => m.trim());
  const unknown = names.filter((m) => !isSingleModelKind(m) && !isEngineCandidate(m));
  if (unknown.length > 0)
    throw new Error(
      `--models: unknown ${unknown.join(', ')}; known: ${SINGLE_MODEL_KINDS.join(', ')}, ets-augurs, mstl-augurs`,
    );
  return names as Candidate[];
}

/** Series of one granularity. */
export interface PreparedGranularity {
  readonly granularity: Granularity;
  readonly series: readonly NamedSeries[];
}

/** Reads the folder once; hourly: means of each clock hour's points; 5min: each file at its own step. */
export function prepareSeries(
  dir: string,
  granularities: readonly Granularity[],
  limit: number,
  maxGapMs?: number,
): { prepared: PreparedGranularity[]; raw: NamedSeries[] } {
  const raw = loadFolder(dir, maxGapMs).slice(0, limit);
  if (raw.length === 0) throw new Error(`${dir}: no CSV files`);
  const prepared = granularities.map((granularity) => {
    if (granularity !== 'hourly' && granularity !== '5min')
      throw new Error(`--granularity: unknown ${String(granularity)}; known: hourly, 5min`);
    const series = raw.map(({ name, series: s }) => ({
      name,
      series: granularity === 'hourly' ? aggregate(s, hourlyFactor(s.stepMs)) : s,
    }));
    return { granularity, series };
  });
  return { prepared, raw };
}

/** Evaluations of one series: successes by candidate name, failures with their reason. */
export interface SeriesOutcome {
  readonly name: string;
  readonly byModel: ReadonlyMap<string, ModelEvaluation>;
  readonly failed: ReadonlyMap<string, string>;
  /** Level-shift refits of our ETS/MSTL per candidate. */
  readonly guardRefits: ReadonlyMap<string, number>;
}

/** Evaluations of one granularity. */
export interface GranularityOutcome {
  readonly granularity: Granularity;
  readonly series: readonly SeriesOutcome[];
  readonly failures: readonly string[];
  /** One global-model result per step present in the data. */
  readonly global: readonly GlobalResult[];
  readonly seconds: number;
}

type NamedTask = Task & { readonly label: string; readonly names: readonly string[] };

/** Evaluates every model on every series and the global model per step; longest tasks first. */
export async function evaluateAll(
  prepared: readonly PreparedGranularity[],
  models: readonly Candidate[],
  workers: number,
): Promise<GranularityOutcome[]> {
  const order = [...models].sort((a, b) => rank(a) - rank(b));
  const tasks: NamedTask[] = prepared.flatMap(({ granularity, series }) => [
    ...byStep(series).map((group) => ({
      type: 'global' as const,
      granularity,
      series: group.map((s) => s.series),
      label: GLOBAL,
      names: group.map((s) => s.name),
    })),
    ...order.flatMap((kind) =>
      series.map(({ name, series: s }) => ({
        type: 'evaluate' as const,
        kind,
        granularity,
        series: s,
        label: kind,
        names: [name],
      })),
    ),
  ]);
  const started = performance.now();
  let done = 0;
  const outcomes = await runPool(tasks, workers, (i, outcome) => {
    const task = tasks[i] as NamedTask;
    done += 1;
    const status = outcome.ok ? 'ok' : `FAILED: ${outcome.error}`;
    const elapsed = ((performance.now() - started) / 1000).toFixed(0);
    const what = task.names.length === 1 ? task.names[0] : `${task.names.length} series`;
    process.stderr.write(
      `[${elapsed}s ${done}/${tasks.length}] ${task.granularity} ${task.label} ${what} ${status}\n`,
    );
  });
  const seconds = (performance.now() - started) / 1000;
  return prepared.map((p) => collect(p, tasks, outcomes, seconds));
}

function collect(
  { granularity, series }: PreparedGranularity,
  tasks: readonly NamedTask[],
  outcomes: readonly TaskOutcome[],
  seconds: number,
): GranularityOutcome {
  const byName = new Map(series.map(({ name }) => [name, new Map<string, ModelEvaluation>()]));
  const failed = new Map(series.map(({ name }) => [name, new Map<string, string>()]));
  const refits = new Map(series.map(({ name }) => [name, new Map<string, number>()]));
  const failures: string[] = [];
  const global: GlobalResult[] = [];
  tasks.forEach((task, i) => {
    const outcome = outcomes[i];
    if (task.granularity !== granularity || outcome === undefined) return;
    if (!outcome.ok) {
      failures.push(`${task.label} on ${task.names.join(', ')}: ${outcome.error}`);
      for (const name of task.names) failed.get(name)?.set(task.label, outcome.error);
      return;
    }
    if (outcome.evaluation !== undefined)
      byName.get(task.names[0] as string)?.set(task.label, outcome.evaluation);
    if (outcome.guardRefits !== undefined)
      refits.get(task.names[0] as string)?.set(task.label, outcome.guardRefits);
    if (outcome.global !== undefined) {
      global.push(outcome.global);
      outcome.global.evaluations.forEach((e, j) => {
        if (e !== undefined) byName.get(task.names[j] as string)?.set(GLOBAL, e);
      });
    }
  });
  return {
    granularity,
    series: [...byName].map(([name, byModel]) => ({
      name,
      byModel,
      failed: failed.get(name) ?? new Map(),
      guardRefits: refits.get(name) ?? new Map(),
    })),
    failures,
    global,
    seconds,
  };
}

/** Series grouped by step (a global model serves one step). */
function byStep(series: readonly NamedSeries[]): NamedSeries[][] {
  const groups = new Map<number, NamedSeries[]>();
  for (const s of series) groups.set(s.series.stepMs, [...(groups.get(s.series.stepMs) ?? []), s]);
  return [...groups.values()];
}

function rank(candidate: Candidate): number {
  if ((NEURAL_KINDS as readonly string[]).includes(kindOf(candidate))) return 0;
  const refits = REFIT_ON_PREDICT.includes(candidate) || REFIT_ON_PREDICT.includes(kindOf(candidate));
  return refits || candidate === 'prophet' ? 1 : 2;
}

/**
 * Inference timings per model on the first granularity (hourly by default), one model at a time.
 * The LSTM is always timed (one fit and its inference), evaluated or not: BENCHMARKS.md's
 * `train.lstm.hourly.s_per_series` and `infer.*` lines report it.
 */
export async function measureSpeed(
  prepared: readonly PreparedGranularity[],
  evaluated: readonly Candidate[],
): Promise<{ granularity: Granularity; byModel: Map<Candidate, SpeedResult | string> }> {
  const first = prepared[0] as PreparedGranularity;
  const models: Candidate[] = evaluated.includes('lstm') ? [...evaluated] : [...evaluated, 'lstm'];
  const tasks: Task[] = models.map((kind) => {
    const batch = REFIT_ON_PREDICT.includes(kind) ? 100 : 1000;
    return {
      type: 'speed',
      kind,
      granularity: first.granularity,
      ...speedInputs(first.series, batch),
      singles: 20,
    };
  });
  // One worker: timings are not disturbed by a second model running beside them.
  const outcomes = await runPool(tasks, 1);
  const byModel = new Map<Candidate, SpeedResult | string>();
  models.forEach((kind, i) => {
    const o = outcomes[i];
    byModel.set(
      kind,
      o?.ok === true && o.speed !== undefined ? o.speed : o?.ok === false ? o.error : 'no result',
    );
  });
  return { granularity: first.granularity, byModel };
}

/** Training data (first series up to its evaluation segment) and `count` histories ending at evaluation origins. */
function speedInputs(
  series: readonly NamedSeries[],
  count: number,
): { train: SeriesData; inputs: SeriesData[] } {
  const head = (s: SeriesData, end: number): SeriesData => ({ ...s, values: s.values.slice(0, end) });
  const firstSeries = (series[0] as NamedSeries).series;
  const train = head(firstSeries, splitSeries(firstSeries.values.length).evalStart);
  const sameStep = series.filter((s) => s.series.stepMs === firstSeries.stepMs);
  const inputs = Array.from({ length: count }, (_, i) => {
    const s = (sameStep[i % sameStep.length] as NamedSeries).series;
    const { evalStart, length } = splitSeries(s.values.length);
    const season = defaultSeasonPeriod(s.stepMs);
    return head(
      s,
      evalStart + (Math.floor(i / sameStep.length) % Math.max(1, Math.min(season, length - evalStart))),
    );
  });
  return { train, inputs };
}
