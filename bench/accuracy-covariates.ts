/**
 * `npm run bench:accuracy -- --covariates`: does production's covariate twin help, and does the
 * choice by validation serve it only where it does? Generated hourly hosts (support/covariate-hosts):
 * some where traffic leads CPU by a few steps, some where the other series are noise. Per host, in
 * the same run and on the same origins: plain dense, the twin with every other series as input, the
 * twin production trains (the series that lead CPU on the training segment, `leadingCovariates`), and
 * what production serves (`chooseCovariateTwin` on the calibration segment). Scored on the held-out
 * evaluation segment: geometric means of MASE ratios to plain dense, each MASE floored at 0.01 as
 * `bench:accuracy`'s. Also with a 12-step input window.
 */
import {
  createForecaster,
  evaluateModel,
  geometricMean,
  initBackend,
  type Covariates,
  type ModelEvaluation,
  type SeriesData,
} from '../src/forecast';
import { chooseCovariateTwin, evaluateOptionsFor, leadingCovariates, planFor } from '../src/modelling';
import { flooredMase, maseOverSeries } from './accuracy-report';
import { generateHost } from './support/covariate-hosts';
import { printHeader } from './support/header';

const HOSTS_PER_KIND = 6;
const LENGTH = 24 * 21;
const LEAD = 3;
/** A Monday, midnight: time encodings see whole days. */
const START = Date.UTC(2026, 10, 2);
const WINDOWS: ReadonlyArray<number | undefined> = [undefined, 12];

interface HostScore {
  readonly plain: number;
  readonly all: number;
  /** Undefined when no other series leads CPU: production trains no twin and serves plain. */
  readonly twin?: number;
  readonly served: number;
  readonly servedTwin: boolean;
}

async function evaluate(series: SeriesData, window: number | undefined, covariates?: Covariates) {
  const plan = planFor('1h', 6);
  const options = evaluateOptionsFor('dense', plan, window === undefined ? {} : { window });
  return evaluateModel(() => createForecaster('dense'), series, { ...options, covariates });
}

const mase = (e: ModelEvaluation) => e.evaluation.metrics.overall.mase;

async function scoreHost(seed: number, leading: boolean, window: number | undefined): Promise<HostScore> {
  const host = generateHost({ seed, length: LENGTH, lead: LEAD, leading });
  const series = { start: START, stepMs: 3_600_000, values: host.cpu };
  const plain = await evaluate(series, window);
  const all = await evaluate(series, window, host.others);
  const chosen = leadingCovariates(host.cpu, host.others, planFor('1h', 6));
  if (chosen === undefined)
    return { plain: mase(plain), all: mase(all), served: mase(plain), servedTwin: false };
  const twin = await evaluate(series, window, chosen);
  const servedTwin = chooseCovariateTwin(plain.calibration, twin.calibration).useTwin;
  const served = servedTwin ? mase(twin) : mase(plain);
  return { plain: mase(plain), all: mase(all), twin: mase(twin), served, servedTwin };
}

/** Ratios of MASEs floored as `bench:accuracy` floors them, so a flat host cannot divide by ~0. */
const ratio = (scores: readonly HostScore[], pick: (s: HostScore) => number) =>
  geometricMean(scores.map((s) => flooredMase(pick(s)) / flooredMase(s.plain)));

/** Every host's figures, so no summary hides one. */
function printHosts(label: string, scores: readonly HostScore[]): void {
  const f = (x: number | undefined) => (x === undefined ? '  -  ' : x.toFixed(3));
  scores.forEach((s, i) =>
    console.log(
      `  ${label} host ${i + 1}: MASE plain ${f(s.plain)}  all-series twin ${f(s.all)}  twin ${f(s.twin)}  served ${f(s.served)} (${s.servedTwin ? 'twin' : 'plain'})`,
    ),
  );
}

function report(label: string, name: string, scores: readonly HostScore[]): string[] {
  const twin = ratio(scores, (s) => s.twin ?? s.plain);
  const all = ratio(scores, (s) => s.all);
  const served = ratio(scores, (s) => s.served);
  const trained = scores.filter((s) => s.twin !== undefined).length;
  const servedN = scores.filter((s) => s.servedTwin).length;
  console.log(
    `${label.padEnd(22)} plain ${maseOverSeries(scores.map((s) => s.plain)).toFixed(3)}  twin÷plain ${twin.toFixed(3)} (twin trained on ${trained}/${scores.length})  all-series twin÷plain ${all.toFixed(3)}  served÷plain ${served.toFixed(3)}  twin served ${servedN}/${scores.length}`,
  );
  return [
    `RESULT covariates.${name}.twin_ratio=${twin.toFixed(4)}`,
    `RESULT covariates.${name}.all_series_twin_ratio=${all.toFixed(4)}`,
    `RESULT covariates.${name}.served_ratio=${served.toFixed(4)}`,
    `RESULT covariates.${name}.hosts_served_twin=${servedN}`,
    `RESULT covariates.${name}.hosts=${scores.length}`,
  ];
}

/** Runs the covariate comparison and prints its table and RESULT lines. */
export async function runCovariateBench(): Promise<void> {
  const backend = await initBackend();
  printHeader('bench:accuracy --covariates', {
    backend: backend.name,
    hosts: `${HOSTS_PER_KIND} leading (traffic leads CPU by ${LEAD} h) + ${HOSTS_PER_KIND} noise, ${LENGTH} hourly points`,
  });
  const results: string[] = [];
  for (const window of WINDOWS) {
    const suffix = window === undefined ? '' : `_window${window}`;
    for (const leading of [true, false]) {
      const scores: HostScore[] = [];
      for (let i = 0; i < HOSTS_PER_KIND; i++) scores.push(await scoreHost(100 + i, leading, window));
      const kind = leading ? 'leading' : 'noise';
      const label = `${kind} (window ${window ?? 'default'})`;
      printHosts(label, scores);
      results.push(...report(label, `${kind}${suffix}`, scores));
    }
  }
  console.log('');
  for (const line of results) console.log(line);
}
