/** What the accuracy benchmark prints: header, one table per granularity, speed, RESULT lines. */
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { version as tfjsVersion } from '@tensorflow/tfjs';
import {
  initBackend,
  statisticalLibraryVersions,
  type EnsembleMethod,
  type SeriesData,
} from '../src/forecast';
import { ENGINE_CANDIDATES, costNotes, isEngineCandidate, type Candidate } from './accuracy-config';
import {
  fmt,
  formatTable,
  legacyRows,
  MASE_FLOOR,
  maseOverSeries,
  modelRows,
  peerTable,
  rowOf,
  type Row,
} from './accuracy-report';
import type { ColdStart } from './accuracy-global';
import { GLOBAL, type GranularityOutcome, type SeriesOutcome } from './accuracy-run';
import { POLICY_MENU, leaveOneOutRows, productionPolicy, servePolicies } from './accuracy-policies';
import { printIntervalVariants } from './accuracy-intervals';
import { printTimeOfDayComparison } from './accuracy-time-of-day';
import { printVolatilityComparison } from './accuracy-volatility';
import type { Served } from './accuracy-serving';
import {
  describeProductionKinds,
  kindSetRows,
  productionView,
  seriesGranularity,
} from './accuracy-kind-sets';
import type { PeerAnswer } from './support/peers';
import { printCleanComparison, withoutCleanTwins } from './accuracy-clean';

interface HeaderInput {
  readonly dataDir: string;
  readonly models: readonly Candidate[];
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
    'split: train | calibration 20% | evaluation 20%; served = what production serves: decideServing on calibration backtests only, ' +
      "over the kinds production's retrain trains, under its policy per granularity (SERVING_OPTIONS: always combined hourly, a single kind that wins by 10% in both halves at 5 minutes; policy:* rows: the menu of weighted mean or median of the better half, " +
      'two thirds or all candidates, with or without a single model that wins by 10% overall and in both halves; all-candidates: every candidate, ' +
      'the policy chosen leave-one-series-out); ' +
      'served intervals: calibration residuals per step, adapted online (adaptive conformal) as evaluation targets are reconciled; ' +
      `MASE: geometric mean over series, each series' MASE floored at ${MASE_FLOOR} (a flat evaluation segment scores near-exact forecasts alike)`,
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

/** Prints one granularity's tables and returns its RESULT lines; `histories`: its series by name. */
export function printGranularity(
  outcome: GranularityOutcome,
  models: readonly string[],
  ensemble: { readonly k: number; readonly method: EnsembleMethod },
  peers: PeerAnswer | undefined,
  histories: ReadonlyMap<string, SeriesData>,
  kindSets: readonly string[][] = [],
): string[] {
  const p = `accuracy.${outcome.granularity}`;
  const candidates = [...models, GLOBAL];
  const rows = modelRows(outcome.series, candidates);
  // The augurs-engine candidates are a comparison, not part of what could be served.
  // So are the spike-cleaned twins, served only in their own variant (printCleanComparison).
  const servable = outcome.series.map((s) => withoutCleanTwins(withoutEngineCandidates(s)));
  const legacy = legacyRows(servable, ensemble.k, ensemble.method);
  // Served: what production serves, its default retrain kinds under decideServing's default policy.
  const stepOf = (name: string) => histories.get(name)?.stepMs;
  const production = productionView(servable, outcome.granularity, stepOf);
  const policyOf = (name: string) => productionPolicy(seriesGranularity(name, outcome.granularity, stepOf));
  const policies = servePolicies(production, policyOf);
  const served = policies.map((s) => ({ name: s.name, chosen: s.chosen, ...s.served }));
  const servedRow = rowOf(
    'served',
    served.map((s) => s.evaluation),
  );
  const combinationRow = rowOf(
    'combination',
    served.map((s) => s.combination),
  );
  // Every candidate, bench-only ones included, the policy chosen leave-one-series-out.
  const every = leaveOneOutRows(servable, {
    served: 'all-candidates',
    combination: 'all-candidates:combination',
  });
  const { served: allRow, combination: allCombinationRow } = every;
  const policyRows = POLICY_MENU.map((policy) =>
    rowOf(
      `policy:${policy.name}`,
      policies.map((s) => (s.byPolicy.get(policy.name) as Served).evaluation),
    ),
  );
  const kindRows = kindSetRows(servable, kindSets, outcome.granularity, stepOf);
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
      [
        ...rows,
        legacy.selected,
        legacy.ensemble,
        ...policyRows,
        combinationRow,
        servedRow,
        ...kindRows,
        allCombinationRow,
        allRow,
        ...peerRows,
      ],
      bestPeerMase,
      'best peer',
    ),
  );
  console.log(
    `best statsforecast peer: ${bestPeer?.label ?? 'none run'} ${bestPeerMase.toFixed(3)}; served ${(servedRow.mase / bestPeerMase).toFixed(3)}× it (target ≤ 0.90)`,
  );
  const count = (keys: readonly string[]): string => {
    const picks = new Map<string, number>();
    for (const k of keys) picks.set(k, (picks.get(k) ?? 0) + 1);
    return [...picks].map(([k, n]) => `${k} ${n}`).join(', ');
  };
  console.log(
    `served: production's default retrain kinds (${describeProductionKinds(servable, outcome.granularity, stepOf)}) under production's serving policy (${count(served.map((s) => s.chosen))}); ` +
      `all-candidates: every candidate above, each series under the policy that scored best on the others (${count(every.policies.map((s) => s.chosen))}), ` +
      `${fmt(allRow.mase / bestPeerMase)}× the best peer`,
  );
  console.log(`served per series: ${count(served.map((s) => s.decision.served))}`);
  for (const s of served) {
    const members = s.decision.scores
      .filter((c) => c.status === 'member')
      .map((c) => (s.decision.combination.method === 'median' ? c.name : `${c.name} ${c.weight.toFixed(2)}`));
    console.log(
      `  ${s.name}: ${s.chosen} → ${s.decision.served} (${s.decision.combination.method} of ${members.join(', ')}) ${s.decision.reasons.slice(1).join('; ')}`,
    );
  }
  const policyOptions = (name: string) => POLICY_MENU.find((policy) => policy.name === name)?.options;
  const intervalLines = printIntervalVariants(p, production, policies, policyOptions);
  const timeOfDayLines = printTimeOfDayComparison(p, production, policies, policyOptions, histories);
  const volatilityLines = printVolatilityComparison(p, production, policies, policyOptions, histories);
  const engineLines = engineComparison(outcome, rows, p);
  // Spike cleaning was scored against every candidate's served forecast, as when it was tried.
  const cleanLines = printCleanComparison(p, servable, outcome.series, {
    served: allRow,
    combination: allCombinationRow,
  });
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
    ...policyRows.map((r) => `RESULT ${p}.${r.label.replace(':', '.')}.mase=${fmt(r.mase)}`),
    `RESULT ${p}.best_peer.mase=${fmt(bestPeerMase)}`,
    `RESULT ${p}.served.mase=${fmt(servedRow.mase)}`,
    `RESULT ${p}.served.ratio_to_best_peer=${fmt(servedRow.mase / bestPeerMase)}`,
    `RESULT ${p}.served.ratio_to_best_baseline=${fmt(servedRow.mase / bestBaseline)}`,
    `RESULT ${p}.all_candidates.mase=${fmt(allRow.mase)}`,
    `RESULT ${p}.all_candidates.ratio_to_best_peer=${fmt(allRow.mase / bestPeerMase)}`,
    `RESULT ${p}.all_candidates.ratio_to_served=${fmt(allRow.mase / servedRow.mase)}`,
    `RESULT ${p}.all_candidates.coverage80=${fmt(allRow.coverage80)}`,
    `RESULT ${p}.all_candidates.coverage95=${fmt(allRow.coverage95)}`,
    ...kindRows.flatMap((r) => {
      const name = `${p}.${r.label.replace(':', '.')}`;
      return [
        `RESULT ${name}.ratio_to_served=${fmt(r.mase / servedRow.mase)}`,
        `RESULT ${name}.coverage80=${fmt(r.coverage80)}`,
        `RESULT ${name}.coverage95=${fmt(r.coverage95)}`,
      ];
    }),
    `RESULT ${p}.served.coverage80=${fmt(servedRow.coverage80)}`,
    `RESULT ${p}.served.coverage95=${fmt(servedRow.coverage95)}`,
    `RESULT ${p}.coverage80=${fmt(servedRow.coverage80)}`,
    `RESULT ${p}.coverage95=${fmt(servedRow.coverage95)}`,
    ...rows.map((r) => `RESULT ${p}.${r.label}.coverage95=${fmt(r.coverage95)}`),
    ...intervalLines,
    ...timeOfDayLines,
    ...volatilityLines,
    `RESULT ${p}.coldstart.ratio_to_naive=${fmt(cold.fleet.served / cold.fleet.naive)}`,
    `RESULT ${p}.coldstart.global_only.ratio_to_naive=${fmt(cold.fleet.model / cold.fleet.naive)}`,
    `RESULT ${p}.coldstart.fresh.ratio_to_naive=${fmt(cold.fresh.served / cold.fresh.naive)}`,
    `RESULT ${p}.coldstart.fresh.global_only.ratio_to_naive=${fmt(cold.fresh.model / cold.fresh.naive)}`,
    ...engineLines,
    ...cleanLines,
  ];
}

function withoutEngineCandidates(series: SeriesOutcome): SeriesOutcome {
  return { ...series, byModel: new Map([...series.byModel].filter(([name]) => !isEngineCandidate(name))) };
}

/** Ours ÷ augurs (MASE, forecast ms) for ETS and MSTL when both ran, and the guard's refits; RESULT lines. */
function engineComparison(outcome: GranularityOutcome, rows: readonly Row[], p: string): string[] {
  const lines: string[] = [];
  for (const [name, { kind }] of Object.entries(ENGINE_CANDIDATES)) {
    const ours = rows.find((r) => r.label === kind);
    const theirs = rows.find((r) => r.label === name);
    if (ours === undefined || theirs === undefined) continue;
    const refits = outcome.series.reduce((s, o) => s + (o.guardRefits.get(kind) ?? 0), 0);
    const forecasts = outcome.series.reduce((s, o) => {
      const e = o.byModel.get(kind);
      return s + (e === undefined ? 0 : e.calibration.predictions + e.evaluation.predictions);
    }, 0);
    console.log(
      `${kind} ours ÷ augurs: MASE ${ours.mase.toFixed(3)} ÷ ${theirs.mase.toFixed(3)} = ${(ours.mase / theirs.mase).toFixed(3)}; ` +
        `forecast ${ours.forecastMs.toFixed(2)} ÷ ${theirs.forecastMs.toFixed(2)} ms = ${(ours.forecastMs / theirs.forecastMs).toFixed(3)}; ` +
        `level-shift guard refitted ${refits} of ${forecasts} forecasts`,
    );
    lines.push(
      `RESULT ${p}.${kind}.mase_ratio_to_augurs=${fmt(ours.mase / theirs.mase)}`,
      `RESULT ${p}.${kind}.forecast_ms_ratio_to_augurs=${fmt(ours.forecastMs / theirs.forecastMs)}`,
      `RESULT ${p}.${kind}.guard_refits=${refits}`,
    );
  }
  return lines;
}

function coldStart(outcome: GranularityOutcome): { fleet: ColdStart; fresh: ColdStart } {
  const summary = (all: readonly ColdStart[]): ColdStart => {
    const gm = (pick: (c: ColdStart) => number): number => maseOverSeries(all.map(pick));
    return { model: gm((c) => c.model), naive: gm((c) => c.naive), served: gm((c) => c.served) };
  };
  const fleet = summary(outcome.global.flatMap((g) => g.coldstart));
  const fresh = summary(outcome.global.flatMap((g) => g.coldstartFresh ?? []));
  const line = (c: ColdStart): string =>
    `global ${c.model.toFixed(3)}, naive ${c.naive.toFixed(3)}, served (mean of the two) ${c.served.toFixed(3)}`;
  console.log(
    `cold start, 24 h of history, joining a fleet (global model updated on the other half of the series only): ${line(fleet)}`,
  );
  console.log(
    `cold start, 24 h of history, fresh install (pretrained on synthetic series only): ${line(fresh)}`,
  );
  return { fleet, fresh };
}
