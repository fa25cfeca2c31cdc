/**
 * Turning scored backtests into the benchmark's table rows: one per candidate, the combination and
 * the served forecast, the older selected-per-series and median-ensemble rules, and the peers.
 */
import {
  evaluateEnsemble,
  geometricMean,
  mean,
  selectBest,
  type BacktestResult,
  type EnsembleMethod,
  type ModelEvaluation,
} from '../src/forecast';
import type { GranularityOutcome, SeriesOutcome } from './accuracy-run';
import { scorePeers } from './accuracy-serving';
import type { PeerAnswer } from './support/peers';

/**
 * Each series' MASE is floored here before the geometric mean. On a series whose evaluation segment
 * is flat (a metric stuck at 0), a model that forecasts 1e-10 scored MASE 1e-10 and its log outweighed
 * every other series (a 60-day generated folder: the global model 0.12 where its arithmetic mean was
 * 0.77), while an exact 0 was dropped as unusable. Below 1% of the in-sample seasonal-naive error a
 * forecast counts as exact, so every near-exact model scores alike there and no series is dropped.
 */
export const MASE_FLOOR = 0.01;

/** One series' MASE as the benchmark counts it: at least MASE_FLOOR (non-finite values kept). */
export function flooredMase(value: number): number {
  return Number.isFinite(value) ? Math.max(value, MASE_FLOOR) : value;
}

/** The benchmark's MASE over series: geometric mean of each series' MASE floored at MASE_FLOOR. */
export function maseOverSeries(values: readonly number[]): number {
  return geometricMean(values.map(flooredMase));
}

/** One table row. */
export interface Row {
  readonly label: string;
  /** Geometric mean over series of evaluation MASE, each floored at MASE_FLOOR. */
  readonly mase: number;
  readonly smape: number;
  readonly coverage80: number;
  readonly coverage95: number;
  /** Mean seconds of one fit (NaN when not measured per fit). */
  readonly fitS: number;
  /** Mean ms of one forecast in the backtest. */
  readonly forecastMs: number;
  readonly series: number;
}

/** A row over evaluation backtests (and the fits behind them, when known). */
export function rowOf(
  label: string,
  results: readonly BacktestResult[],
  training: readonly { fits: number; ms: number }[] = [],
): Row {
  const fits = training.reduce((s, t) => s + t.fits, 0);
  const fitMs = training.reduce((s, t) => s + t.ms, 0);
  const predictions = results.reduce((s, e) => s + e.predictions, 0);
  const predictMs = results.reduce((s, e) => s + e.predictMs, 0);
  return {
    label,
    mase: maseOverSeries(results.map((e) => e.metrics.overall.mase)),
    smape: mean(results.map((e) => e.metrics.overall.smape)),
    coverage80: mean(results.map((e) => e.coverage.p80)),
    coverage95: mean(results.map((e) => e.coverage.p95)),
    fitS: fits === 0 ? NaN : fitMs / fits / 1000,
    forecastMs: predictions === 0 ? NaN : predictMs / predictions,
    series: results.length,
  };
}

/** Per-candidate rows over the series where the candidate ran. */
export function modelRows(outcomes: readonly SeriesOutcome[], names: readonly string[]): Row[] {
  return names.map((name) => {
    const evaluations = outcomes.flatMap((o) => {
      const e = o.byModel.get(name);
      return e === undefined ? [] : [e];
    });
    return rowOf(
      name,
      evaluations.map((e) => e.evaluation),
      evaluations.map((e) => e.training),
    );
  });
}

/** The older rules, kept for comparison: best-by-validation per series, median of the best `k`. */
export function legacyRows(
  outcomes: readonly SeriesOutcome[],
  k: number,
  method: EnsembleMethod,
): { selected: Row; ensemble: Row } {
  const selected: ModelEvaluation[] = [];
  const ensembles: ModelEvaluation[] = [];
  for (const outcome of outcomes) {
    const candidates = [...outcome.byModel].map(([name, evaluation]) => ({ name, evaluation }));
    if (candidates.length === 0) continue;
    const best = selectBest(candidates.map((c) => ({ name: c.name, calibration: c.evaluation.calibration })));
    selected.push(outcome.byModel.get(best.name) as ModelEvaluation);
    ensembles.push(evaluateEnsemble(candidates, k, method).evaluation);
  }
  return {
    selected: rowOf(
      'selected',
      selected.map((e) => e.evaluation),
    ),
    ensemble: rowOf(
      'ensemble',
      ensembles.map((e) => e.evaluation),
    ),
  };
}

/** Fixed-width table of rows with the MASE ratio to `reference`. */
export function formatTable(rows: readonly Row[], reference: number, referenceName: string): string {
  const header = [
    'model',
    'MASE',
    `×${referenceName}`,
    'sMAPE%',
    'cov80',
    'cov95',
    'fit s',
    'fcst ms',
    'series',
  ];
  const cells = rows.map((r) => [
    r.label,
    r.mase.toFixed(3),
    (r.mase / reference).toFixed(3),
    r.smape.toFixed(1),
    r.coverage80.toFixed(3),
    r.coverage95.toFixed(3),
    Number.isNaN(r.fitS) ? '-' : r.fitS < 0.01 ? r.fitS.toExponential(1) : r.fitS.toFixed(2),
    Number.isNaN(r.forecastMs) ? '-' : r.forecastMs.toFixed(2),
    String(r.series),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string =>
    c.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** One row per peer (and their median) over the series the peers answered for. */
export function peerTable(outcome: GranularityOutcome, peers: PeerAnswer | undefined): Row[] {
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

/** A figure with four significant digits. */
export function fmt(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : 'NaN';
}
