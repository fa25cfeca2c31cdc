/** What the accuracy benchmark prints: header, one table per granularity, speed, RESULT lines. */
import { availableParallelism, cpus, totalmem } from 'node:os';
import { version as tfjsVersion } from '@tensorflow/tfjs';
import {
  initBackend,
  statisticalLibraryVersions,
  type EnsembleMethod,
  type SingleModelKind,
} from '../src/forecast';
import { GRANULARITIES, costNotes, type Granularity } from './accuracy-config';
import { combinedRows, formatTable, modelRows, type Row, type SeriesOutcome } from './accuracy-report';
import type { SpeedResult } from './accuracy-tasks';

/** Evaluations of one granularity. */
export interface GranularityOutcome {
  readonly granularity: Granularity;
  readonly series: readonly SeriesOutcome[];
  readonly failures: readonly string[];
}

interface HeaderInput {
  readonly dataDir: string;
  readonly models: readonly SingleModelKind[];
  readonly granularities: readonly Granularity[];
  readonly seriesLimit: number;
  readonly workers: number | undefined;
  readonly ensemble: { readonly k: number; readonly method: EnsembleMethod };
}

/** Prints machine, backend, versions and the run's settings; returns the worker count used. */
export async function printHeader(input: HeaderInput): Promise<{ workers: number }> {
  const cores = availableParallelism();
  const workers = input.workers ?? Math.min(2, cores);
  const backend = await initBackend({ logger: { info: () => undefined } });
  const libs = Object.entries(statisticalLibraryVersions()).map(([name, v]) => `${name} ${v}`);
  console.log('# bench:accuracy');
  console.log(
    `machine: ${cores} cores (${cpus()[0]?.model ?? 'unknown cpu'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
  );
  console.log(
    `node ${process.version}; tfjs ${tfjsVersion.tfjs} backend ${backend.name} (${backend.reason}); ${libs.join('; ')}`,
  );
  console.log(
    `data: ${input.dataDir}${Number.isFinite(input.seriesLimit) ? ` (first ${input.seriesLimit} series)` : ''}`,
  );
  console.log(
    `models: ${input.models.join(', ')}; granularities: ${input.granularities.join(', ')}; workers: ${workers}`,
  );
  console.log(
    `split: train | calibration 20% | evaluation 20%; conformal intervals from calibration residuals per step; ` +
      `ensemble: ${input.ensemble.method} of best ${input.ensemble.k} by validation MASE`,
  );
  return { workers };
}

/** Prints one granularity's table and returns its RESULT lines. */
export function printGranularity(
  outcome: GranularityOutcome,
  models: readonly SingleModelKind[],
  ensemble: { readonly k: number; readonly method: EnsembleMethod },
  reference: readonly SingleModelKind[],
): string[] {
  const g = GRANULARITIES[outcome.granularity];
  const rows = modelRows(outcome.series, models);
  const { selected, ensemble: ens, picks } = combinedRows(outcome.series, ensemble.k, ensemble.method);
  const baselines = rows.filter(
    (r) => (reference as readonly string[]).includes(r.label) && Number.isFinite(r.mase),
  );
  const best = baselines.reduce<Row | undefined>(
    (b, r) => (b === undefined || r.mase < b.mase ? r : b),
    undefined,
  );
  const bestMase = best?.mase ?? NaN;
  console.log(
    `\n## ${g.name}: ${outcome.series.length} series, horizon ${g.horizon}, origin step ${g.originStep}`,
  );
  console.log(formatTable([...rows, selected, ens], bestMase));
  console.log(
    `best single baseline (${reference.join(', ')}): ${best?.label ?? 'none run'} ${bestMase.toFixed(3)}`,
  );
  console.log(
    `selected ${(selected.mase / bestMase).toFixed(3)}× and ensemble ${(ens.mase / bestMase).toFixed(3)}× the best baseline (target ≤ 0.95)`,
  );
  console.log(`selected per series: ${[...picks].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`coverage RESULT lines report the ensemble's conformal intervals (target 95%: 0.90–0.98)`);
  for (const note of costNotes(g)) console.log(note);
  for (const failure of outcome.failures) console.log(`FAILED ${failure}`);
  const p = `accuracy.${g.name}`;
  return [
    ...rows.map((r) => `RESULT ${p}.${r.label}.mase=${fmt(r.mase)}`),
    `RESULT ${p}.selected.mase=${fmt(selected.mase)}`,
    `RESULT ${p}.ensemble.mase=${fmt(ens.mase)}`,
    `RESULT ${p}.best_baseline.mase=${fmt(bestMase)}`,
    `RESULT ${p}.selected.ratio_to_best_baseline=${fmt(selected.mase / bestMase)}`,
    `RESULT ${p}.ensemble.ratio_to_best_baseline=${fmt(ens.mase / bestMase)}`,
    // The served forecast is the ensemble (the most accurate); the selected model's coverage is reported beside it.
    `RESULT ${p}.coverage80=${fmt(ens.coverage80)}`,
    `RESULT ${p}.coverage95=${fmt(ens.coverage95)}`,
    `RESULT ${p}.selected.coverage80=${fmt(selected.coverage80)}`,
    `RESULT ${p}.selected.coverage95=${fmt(selected.coverage95)}`,
  ];
}

/** Prints inference timings and returns the training/inference RESULT lines. */
export function printSpeed(
  speed: { granularity: Granularity; byModel: Map<SingleModelKind, SpeedResult | string> },
  outcomes: readonly GranularityOutcome[],
): string[] {
  console.log(
    `\n## inference (${speed.granularity}; fitted on one series, histories from the evaluation segments)`,
  );
  for (const [kind, s] of speed.byModel) {
    if (typeof s === 'string') console.log(`${kind.padEnd(15)} FAILED ${s}`);
    else {
      console.log(
        `${kind.padEnd(15)} fit ${(s.trainMs / 1000).toFixed(2)} s  single ${s.singleMs.toFixed(3)} ms/series  ` +
          `batch of ${s.batchSize} ${s.batchMs.toFixed(3)} ms/series`,
      );
    }
  }
  const lines: string[] = [];
  const hourly = outcomes.find((o) => o.granularity === 'hourly');
  const lstmRow = hourly === undefined ? undefined : modelRows(hourly.series, ['lstm'])[0];
  if (lstmRow !== undefined && lstmRow.series > 0)
    lines.push(`RESULT train.lstm.hourly.s_per_series=${fmt(lstmRow.fitS)}`);
  const reported = (['lstm', 'tcn', 'dense', 'naive'] as const).find(
    (k) => typeof speed.byModel.get(k) === 'object',
  );
  const s = reported === undefined ? undefined : (speed.byModel.get(reported) as SpeedResult);
  if (s !== undefined && reported !== undefined) {
    console.log(`infer.* RESULT lines report ${reported}`);
    lines.push(
      `RESULT infer.batch1000.ms_per_series=${fmt(s.batchMs)}`,
      `RESULT infer.single.ms_per_series=${fmt(s.singleMs)}`,
    );
  }
  return lines;
}

function fmt(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : 'NaN';
}
