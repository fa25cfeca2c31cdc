/** Preparing the data and running the accuracy benchmark's evaluation and speed tasks. */
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
import { GRANULARITIES, type Granularity } from './accuracy-config';
import { aggregate, loadFolder, type NamedSeries } from './accuracy-data';
import type { GranularityOutcome } from './accuracy-output';
import { runPool } from './accuracy-pool';
import type { SpeedResult, Task } from './accuracy-tasks';

const BUNDLED = 'data/nab/realAWSCloudwatch';
const SHARED = '/work/shared/data/nab/realAWSCloudwatch';
/** Kinds whose every forecast re-estimates the model: timed on a smaller batch. */
const REFIT_ON_PREDICT: readonly SingleModelKind[] = ['ets', 'mstl', 'arima'];

/** `--data`, else the bundled NAB folder, else the shared copy. */
export function resolveDataDir(given: string | undefined): string {
  if (given !== undefined) return resolve(given);
  return existsSync(BUNDLED) ? resolve(BUNDLED) : SHARED;
}

/** `--models` checked against the catalogue; default every model (`--quick`: the reference set + LSTM). */
export function resolveModels(given: string | undefined, quick: boolean): SingleModelKind[] {
  if (given === undefined) {
    return quick ? ['naive', 'seasonal-naive', 'ets', 'mstl', 'lstm'] : [...SINGLE_MODEL_KINDS];
  }
  const names = given.split(',').map((m) => m.trim());
  const unknown = names.filter((m) => !isSingleModelKind(m));
  if (unknown.length > 0)
    throw new Error(`--models: unknown ${unknown.join(', ')}; known: ${SINGLE_MODEL_KINDS.join(', ')}`);
  return names as SingleModelKind[];
}

/** Series of one granularity. */
export interface PreparedGranularity {
  readonly granularity: Granularity;
  readonly series: readonly NamedSeries[];
}

/** Reads the folder once and derives each granularity's series (hourly: means of the hour's points). */
export function prepareSeries(
  dir: string,
  granularities: readonly Granularity[],
  limit: number,
): PreparedGranularity[] {
  const raw = loadFolder(dir).slice(0, limit);
  if (raw.length === 0) throw new Error(`${dir}: no CSV files`);
  return granularities.map((granularity) => {
    const g = GRANULARITIES[granularity];
    if (g === undefined) throw new Error(`--granularity: unknown ${granularity}; known: hourly, 5min`);
    const series = raw.map(({ name, series: s }) => ({
      name,
      series: aggregate(s, g.aggregation(s.stepMs)),
    }));
    return { granularity, series };
  });
}

/** Evaluates every model on every series, neural models first (the longest tasks start early). */
export async function evaluateAll(
  prepared: readonly PreparedGranularity[],
  models: readonly SingleModelKind[],
  workers: number,
): Promise<GranularityOutcome[]> {
  const order = [...models].sort((a, b) => rank(a) - rank(b));
  const tasks: (Task & { name: string })[] = prepared.flatMap(({ granularity, series }) =>
    order.flatMap((kind) =>
      series.map(({ name, series: s }) => ({
        type: 'evaluate' as const,
        kind,
        granularity,
        series: s,
        name,
      })),
    ),
  );
  const started = performance.now();
  let done = 0;
  const outcomes = await runPool(tasks, workers, (i, outcome) => {
    const task = tasks[i] as (typeof tasks)[number];
    done += 1;
    const status = outcome.ok ? 'ok' : `FAILED: ${outcome.error}`;
    const elapsed = ((performance.now() - started) / 1000).toFixed(0);
    process.stderr.write(
      `[${elapsed}s ${done}/${tasks.length}] ${task.granularity} ${task.kind} ${task.name} ${status}\n`,
    );
  });
  return prepared.map(({ granularity, series }) => {
    const byName = new Map(series.map(({ name }) => [name, new Map<SingleModelKind, ModelEvaluation>()]));
    const failures: string[] = [];
    tasks.forEach((task, i) => {
      const outcome = outcomes[i];
      if (task.granularity !== granularity || outcome === undefined) return;
      if (outcome.ok && outcome.evaluation !== undefined)
        byName.get(task.name)?.set(task.kind, outcome.evaluation);
      else if (!outcome.ok) failures.push(`${task.kind} on ${task.name}: ${outcome.error}`);
    });
    return { granularity, series: [...byName].map(([name, byModel]) => ({ name, byModel })), failures };
  });
}

function rank(kind: SingleModelKind): number {
  if ((NEURAL_KINDS as readonly string[]).includes(kind)) return 0;
  return REFIT_ON_PREDICT.includes(kind) || kind === 'prophet' ? 1 : 2;
}

/** Inference timings per model on the first granularity (hourly by default), one model at a time. */
export async function measureSpeed(
  prepared: readonly PreparedGranularity[],
  models: readonly SingleModelKind[],
): Promise<{ granularity: Granularity; byModel: Map<SingleModelKind, SpeedResult | string> }> {
  const first = prepared[0] as PreparedGranularity;
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
  const byModel = new Map<SingleModelKind, SpeedResult | string>();
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
  const inputs = Array.from({ length: count }, (_, i) => {
    const s = (series[i % series.length] as NamedSeries).series;
    const { evalStart, length } = splitSeries(s.values.length);
    const season = defaultSeasonPeriod(s.stepMs);
    return head(
      s,
      evalStart + (Math.floor(i / series.length) % Math.max(1, Math.min(season, length - evalStart))),
    );
  });
  return { train, inputs };
}
