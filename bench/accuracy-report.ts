/**
 * Turning per-series evaluations into the benchmark's table: one row per model plus the per-series
 * selected model and the ensemble, all scored on the evaluation segments only.
 */
import {
  evaluateEnsemble,
  geometricMean,
  mean,
  selectBest,
  type EnsembleMethod,
  type ModelEvaluation,
  type SingleModelKind,
} from '../src/forecast';

/** Successful evaluations of one series, by model. */
export interface SeriesOutcome {
  readonly name: string;
  readonly byModel: ReadonlyMap<SingleModelKind, ModelEvaluation>;
}

/** One table row. */
export interface Row {
  readonly label: string;
  /** Geometric mean over series of evaluation MASE. */
  readonly mase: number;
  readonly smape: number;
  readonly coverage80: number;
  readonly coverage95: number;
  /** Mean seconds of one fit. */
  readonly fitS: number;
  /** Mean ms of one forecast in the backtest (includes re-estimation for refit-on-predict models). */
  readonly forecastMs: number;
  readonly series: number;
}

function row(label: string, evaluations: readonly ModelEvaluation[]): Row {
  const fits = evaluations.reduce((s, e) => s + e.training.fits, 0);
  const fitMs = evaluations.reduce((s, e) => s + e.training.ms, 0);
  const predictions = evaluations.reduce((s, e) => s + e.evaluation.predictions, 0);
  const predictMs = evaluations.reduce((s, e) => s + e.evaluation.predictMs, 0);
  return {
    label,
    mase: geometricMean(evaluations.map((e) => e.evaluation.metrics.overall.mase)),
    smape: mean(evaluations.map((e) => e.evaluation.metrics.overall.smape)),
    coverage80: mean(evaluations.map((e) => e.evaluation.coverage.p80)),
    coverage95: mean(evaluations.map((e) => e.evaluation.coverage.p95)),
    fitS: fits === 0 ? NaN : fitMs / fits / 1000,
    forecastMs: predictions === 0 ? NaN : predictMs / predictions,
    series: evaluations.length,
  };
}

/** Per-model rows over the series where the model ran. */
export function modelRows(outcomes: readonly SeriesOutcome[], kinds: readonly SingleModelKind[]): Row[] {
  return kinds.map((kind) =>
    row(
      kind,
      outcomes.flatMap((o) => {
        const e = o.byModel.get(kind);
        return e === undefined ? [] : [e];
      }),
    ),
  );
}

/** Selected-per-series and ensemble rows, plus how often each model was selected. */
export function combinedRows(
  outcomes: readonly SeriesOutcome[],
  k: number,
  method: EnsembleMethod,
): { selected: Row; ensemble: Row; picks: Map<string, number> } {
  const picks = new Map<string, number>();
  const selected: ModelEvaluation[] = [];
  const ensembles: ModelEvaluation[] = [];
  for (const outcome of outcomes) {
    const candidates = [...outcome.byModel].map(([name, evaluation]) => ({ name, evaluation }));
    if (candidates.length === 0) continue;
    const best = selectBest(candidates.map((c) => ({ name: c.name, calibration: c.evaluation.calibration })));
    picks.set(best.name, (picks.get(best.name) ?? 0) + 1);
    selected.push(outcome.byModel.get(best.name as SingleModelKind) as ModelEvaluation);
    ensembles.push(evaluateEnsemble(candidates, k, method).evaluation);
  }
  return { selected: row('selected', selected), ensemble: row(`ensemble`, ensembles), picks };
}

/** Fixed-width table of rows with the MASE ratio to `reference`. */
export function formatTable(rows: readonly Row[], reference: number): string {
  const header = ['model', 'MASE', '×best', 'sMAPE%', 'cov80', 'cov95', 'fit s', 'fcst ms', 'series'];
  const cells = rows.map((r) => [
    r.label,
    r.mase.toFixed(3),
    (r.mase / reference).toFixed(3),
    r.smape.toFixed(1),
    r.coverage80.toFixed(3),
    r.coverage95.toFixed(3),
    r.fitS < 0.01 ? r.fitS.toExponential(1) : r.fitS.toFixed(2),
    r.forecastMs.toFixed(2),
    String(r.series),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string =>
    c.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
