/** What the accuracy benchmark prints: header, one table per granularity, speed, RESULT lines. */
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { version as tfjsVersion } from '@tensorflow/tfjs';
import {
  geometricMean,
  initBackend,
  statisticalLibraryVersions,
  type BacktestResult,
  type EnsembleMethod,
  type SingleModelKind,
} from '../src/forecast';
import { costNotes } from './accuracy-config';
import { formatTable, legacyRows, modelRows, rowOf, type Row } from './accuracy-report';
import { GLOBAL, type GranularityOutcome } from './accuracy-run';
import { scorePeers, serveSeries } from './accuracy-serving';
import type { SpeedResult } from './accuracy-tasks';
import type { PeerAnswer } from './support/peers';

interface HeaderInput {
  readonly dataDir: string;
  readonly models: readonly SingleModelKind[];
  readonly granularities: readonly string[];
  readonly seriesLimit: number;
  readonly workers: number | undefined;
  readonly ensemble: { readonly k: number; readonly method: EnsembleMethod };
}

/** The models whose best defines "best baseline" (BENCHMARKS.md). */
const REFERENCE_BASELINES = ['naive', 'seasonal-naive', 'ets', 'mstl'];

/** Prints machine, load, backend, versions and the run's settings; returns the worker count used. */
export async function printHeader(input: HeaderInput): Promise<{ workers: number }> {
  const cores = availableParallelism();
  const workers = input.workers ?? Math.min(2, cores);
  const backend = await initBackend({ logger: { info: () => undefined } });
  const libs = Object.entries(statisticalLibraryVersions()).map(([name, v]) => `${name} ${v}`);
  console.log('# bench:accuracy');
  console.log(
    `machine: ${cores} cores (${cpus()[0]?.model ?? 'unknown cpu'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; ` +
      `load average at start ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  console.log(
    `node ${process.version}; tfjs ${tfjsVersion.tfjs} backend ${backend.name} (${backend.reason}); ${libs.join('; ')}`,
  );
  console.log(
    `data: ${input.dataDir}${Number.isFinite(input.seriesLimit) ? ` (first ${input.seriesLimit} series)` : ''}`,
  );
  console.log(
    `models: ${input.models.join(', ')}, global; granularities: ${input.granularities.join(', ')}; workers: ${workers}`,
  );
  console.log(
    'split: train | calibration 20% | evaluation 20%; served = decideServing on calibration backtests only ' +
      '(combination of the better half, recent-error weights shrunk 0.5 to equal; a single model only if it wins by 10% overall and in both halves); ' +
      'served intervals: calibration residuals per step, adapted online (adaptive conformal) as evaluation targets are reconciled',
  );
  return { workers };
}

/** Prints how each file was read. */
export function printReading(
  raw: readonly {
    name: string;
    read?: { rows: number; stepMs: number; filled: number; longGaps: number; kept: number };
  }[],
): void {
  console.log(
    '\n## files (each at its own step; gaps beyond the fill limit cut the series, the longest stretch is kept)',
  );
  for (const { name, read } of raw) {
    if (read === undefined) continue;
    console.log(
      `${name}: ${read.rows} rows, step ${read.stepMs / 60_000} min, ${read.filled} points interpolated, ` +
        `${read.longGaps} long gaps, ${read.kept} points kept`,
    );
  }
}

/** Prints one granularity's tables and returns its RESULT lines. */
export function printGranularity(
  outcome: GranularityOutcome,
  models: readonly string[],
  ensemble: { readonly k: number; readonly method: EnsembleMethod },
  peers: PeerAnswer | undefined,
): string[] {
  const p = `accuracy.${outcome.granularity}`;
  const candidates = [...models, GLOBAL];
  const rows = modelRows(outcome.series, candidates);
  const legacy = legacyRows(outcome.series, ensemble.k, ensemble.method);
  const served = outcome.series
    .filter((s) => s.byModel.size > 0)
    .map((s) => ({ name: s.name, ...serveSeries(s.byModel, s.failed) }));
  const servedRow = rowOf(
    'served',
    served.map((s) => s.evaluation),
  );
  const combinationRow = rowOf(
    'combination',
    served.map((s) => s.combination),
  );
  const peerRows = peerTable(outcome, peers);
  const bestPeer = peerRows.reduce<Row | undefined>(
    (b, r) => (b === undefined || r.mase < b.mase ? r : b),
    undefined,
  );
  const bestPeerMase = bestPeer?.mase ?? NaN;
  const baselines = rows.filter((r) => REFERENCE_BASELINES.includes(r.label) && Number.isFinite(r.mase));
  const bestBaseline = Math.min(...baselines.map((r) => r.mase));
  console.log(
    `\n## ${outcome.granularity}: ${outcome.series.length} series (metricast ${outcome.seconds.toFixed(0)} s for all granularities' evaluations)`,
  );
  console.log(
    formatTable(
      [...rows, legacy.selected, legacy.ensemble, combinationRow, servedRow, ...peerRows],
      bestPeerMase,
      'best peer',
    ),
  );
  console.log(
    `best statsforecast peer: ${bestPeer?.label ?? 'none run'} ${bestPeerMase.toFixed(3)}; served ${(servedRow.mase / bestPeerMase).toFixed(3)}× it (target ≤ 0.90)`,
  );
  const picks = new Map<string, number>();
  for (const s of served) picks.set(s.decision.served, (picks.get(s.decision.served) ?? 0) + 1);
  console.log(`served per series: ${[...picks].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  for (const s of served) {
    const weights = s.decision.scores
      .filter((c) => c.status === 'member')
      .map((c) => `${c.name} ${c.weight.toFixed(2)}`);
    console.log(
      `  ${s.name}: ${s.decision.served} [${weights.join(', ')}] ${s.decision.reasons.slice(1).join('; ')}`,
    );
  }
  for (const note of costNotes(outcome.granularity)) console.log(note);
  for (const failure of outcome.failures) console.log(`FAILED ${failure}`);
  const cold = coldStart(outcome);
  return [
    ...rows.map((r) => `RESULT ${p}.${r.label}.mase=${fmt(r.mase)}`),
    `RESULT ${p}.selected.mase=${fmt(legacy.selected.mase)}`,
    `RESULT ${p}.ensemble.mase=${fmt(legacy.ensemble.mase)}`,
    `RESULT ${p}.combination.mase=${fmt(combinationRow.mase)}`,
    `RESULT ${p}.best_baseline.mase=${fmt(bestBaseline)}`,
    ...peerRows.map((r) => `RESULT ${p}.peer.${r.label}.mase=${fmt(r.mase)}`),
    `RESULT ${p}.best_peer.mase=${fmt(bestPeerMase)}`,
    `RESULT ${p}.served.mase=${fmt(servedRow.mase)}`,
    `RESULT ${p}.served.ratio_to_best_peer=${fmt(servedRow.mase / bestPeerMase)}`,
    `RESULT ${p}.served.ratio_to_best_baseline=${fmt(servedRow.mase / bestBaseline)}`,
    `RESULT ${p}.served.coverage80=${fmt(servedRow.coverage80)}`,
    `RESULT ${p}.served.coverage95=${fmt(servedRow.coverage95)}`,
    `RESULT ${p}.coverage80=${fmt(servedRow.coverage80)}`,
    `RESULT ${p}.coverage95=${fmt(servedRow.coverage95)}`,
    ...rows.map((r) => `RESULT ${p}.${r.label}.coverage95=${fmt(r.coverage95)}`),
    `RESULT ${p}.coldstart.ratio_to_naive=${fmt(cold.served / cold.naive)}`,
    `RESULT ${p}.coldstart.global_only.ratio_to_naive=${fmt(cold.model / cold.naive)}`,
  ];
}

function coldStart(outcome: GranularityOutcome): { model: number; naive: number; served: number } {
  const all = outcome.global.flatMap((g) => g.coldstart);
  const gm = (pick: (c: (typeof all)[number]) => number): number => geometricMean(all.map(pick));
  const result = { model: gm((c) => c.model), naive: gm((c) => c.naive), served: gm((c) => c.served) };
  console.log(
    `cold start (24 h of history, pretrained global model that never saw a real series): global ${result.model.toFixed(3)}, ` +
      `naive ${result.naive.toFixed(3)}, served (mean of the two) ${result.served.toFixed(3)}`,
  );
  return result;
}

function peerTable(outcome: GranularityOutcome, peers: PeerAnswer | undefined): Row[] {
  if (peers === undefined) return [];
  const byPeer = new Map<string, BacktestResult[]>();
  for (const s of outcome.series) {
    const reference = s.byModel.get('naive') ?? [...s.byModel.values()][0];
    const forecasts = peers.series[`${outcome.granularity}/${s.name}`];
    if (reference === undefined || forecasts === undefined) continue;
    for (const [name, result] of scorePeers(reference, forecasts))
      byPeer.set(name, [...(byPeer.get(name) ?? []), result]);
  }
  return [...byPeer].map(([name, results]) => rowOf(name, results));
}

/** Prints the timings and returns the training/inference RESULT lines. */
export function printSpeed(
  speed: { granularity: string; byModel: Map<SingleModelKind, SpeedResult | string> },
  outcomes: readonly GranularityOutcome[],
): string[] {
  console.log(
    `\n## inference (${speed.granularity}; fitted on one series, histories from the evaluation segments)`,
  );
  for (const [kind, s] of speed.byModel) {
    if (typeof s === 'string') console.log(`${kind.padEnd(15)} FAILED ${s}`);
    else
      console.log(
        `${kind.padEnd(15)} fit ${(s.trainMs / 1000).toFixed(2)} s  single ${s.singleMs.toFixed(3)} ms/series  ` +
          `batch of ${s.batchSize} ${s.batchMs.toFixed(3)} ms/series`,
      );
  }
  const lines: string[] = [];
  for (const o of outcomes) {
    for (const g of o.global) {
      console.log(
        `global (${o.granularity}): pretrain on synthetic ${g.pretrainS.toFixed(1)} s, warm-started update on ${g.samples} real windows ` +
          `${g.updateS.toFixed(1)} s, batch of 1000 ${g.inferMsPerSeries.toFixed(3)} ms/series`,
      );
    }
  }
  const hourly = outcomes.find((o) => o.granularity === 'hourly') ?? outcomes[0];
  const g = hourly?.global[0];
  if (g !== undefined) {
    lines.push(
      `RESULT train.global.s=${fmt(g.pretrainS + g.updateS)}`,
      `RESULT infer.global.batch1000.ms_per_series=${fmt(g.inferMsPerSeries)}`,
    );
  }
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

/** A figure with four significant digits. */
export function fmt(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : 'NaN';
}
