/**
 * Served intervals with and without volatility normalisation (`volatilityScaling`, issue 12), both
 * from the same evaluations and the same serving decisions, so the only difference is the widths.
 * Printed per granularity: marginal coverage, coverage95 by volatility tercile (each series'
 * evaluation origins ranked by σ(o), in thirds; the worst tercile is the conditional figure), and
 * mean 95% width and interval (Winkler) scores, normalised ÷ plain per series, geometric mean over
 * series. The served figures elsewhere stay the plain ones.
 */
import {
  geometricMean,
  mean,
  volatilityScaling,
  type BacktestFold,
  type FoldFactors,
  type SeriesData,
} from '../src/forecast';
import type { PolicyServed } from './accuracy-policies';
import type { SeriesOutcome } from './accuracy-run';
import { serveSeries } from './accuracy-serving';
import { summarise, targetScores, type IntervalSummary } from './accuracy-interval-targets';

/** What one variant's evaluation folds scored on one series. */
interface VariantScore extends IntervalSummary {
  /** Coverage95 over the folds in each volatility tercile, quietest first (NaN where none). */
  readonly terciles: readonly number[];
}

const KEYS = ['plain', 'vol'] as const;
type Key = (typeof KEYS)[number];

/** Prints both variants' figures for the served series and returns RESULT lines. */
export function printVolatilityComparison(
  prefix: string,
  series: readonly SeriesOutcome[],
  served: readonly PolicyServed[],
  policyOptions: (name: string) => Parameters<typeof serveSeries>[2],
  histories: ReadonlyMap<string, SeriesData>,
): string[] {
  const byName = new Map(series.map((s) => [s.name, s]));
  const scored = served.flatMap((s) => {
    const history = histories.get(s.name);
    const outcome = byName.get(s.name);
    const first = outcome?.byModel.values().next().value;
    if (history === undefined || outcome === undefined || first === undefined) return [];
    const factors = volatilityScaling(
      history,
      first.calibration.folds.map((f) => f.origin),
    );
    const normalised = serveSeries(
      outcome.byModel,
      outcome.failed,
      policyOptions(s.chosen),
      undefined,
      factors,
    );
    const score = (folds: readonly BacktestFold[]) => scoreFolds(folds, factors);
    const scores: Record<Key, VariantScore> = {
      plain: score(s.served.evaluation.folds),
      vol: score(normalised.evaluation.folds),
    };
    return [{ name: s.name, ...scores }];
  });
  console.log(
    `served intervals normalised by recent volatility (mean |one-step change| over the day before the origin; ${scored.length} series):`,
  );
  const lines: string[] = [];
  const report = (key: string, label: string, pick: (v: VariantScore) => number) => {
    const values = KEYS.map((k) => mean(scored.map((p) => pick(p[k])).filter(Number.isFinite)));
    console.log(`  ${label}: ${KEYS.map((k, i) => `${k} ${(values[i] as number).toFixed(3)}`).join(', ')}`);
    KEYS.forEach((k, i) =>
      lines.push(`RESULT ${prefix}.vol.${k}.${key}=${(values[i] as number).toPrecision(4)}`),
    );
    return values;
  };
  report('coverage80', 'coverage80', (v) => v.coverage80);
  report('coverage95', 'coverage95', (v) => v.coverage95);
  const byTercile = [0, 1, 2].map((t) =>
    report(
      `vol${t}.coverage95`,
      `coverage95 volatility tercile ${t} (0 quietest origins, 2 busiest)`,
      (v) => v.terciles[t] ?? NaN,
    ),
  );
  KEYS.forEach((k, i) => {
    const worst = Math.min(...byTercile.map((values) => values[i] as number));
    console.log(`  worst volatility tercile coverage95, ${k}: ${worst.toFixed(3)}`);
    lines.push(`RESULT ${prefix}.vol.${k}.worst_tercile.coverage95=${worst.toPrecision(4)}`);
  });
  const ratio = (key: string, label: string, pick: (v: VariantScore) => number) => {
    const r = geometricMean(scored.map((p) => pick(p.vol) / pick(p.plain)));
    console.log(`  ${label} vol ÷ plain (geometric mean over series): ${r.toFixed(3)}`);
    lines.push(`RESULT ${prefix}.vol.${key}_ratio=${r.toPrecision(4)}`);
  };
  for (const p of scored)
    console.log(
      `  ${p.name}: interval score 95% vol ÷ plain ${(p.vol.winkler95 / p.plain.winkler95).toFixed(3)}, ` +
        `width95 ${(p.vol.width95 / p.plain.width95).toFixed(3)}, coverage95 plain ${p.plain.coverage95.toFixed(3)} vol ${p.vol.coverage95.toFixed(3)}`,
    );
  ratio('width95', 'mean 95% width', (v) => v.width95);
  ratio('winkler95', 'interval score 95%', (v) => v.winkler95);
  ratio('winkler80', 'interval score 80%', (v) => v.winkler80);
  return lines;
}

/** Which tercile (0 quietest) each fold's origin falls in, by σ(origin) within the series. */
function originTerciles(folds: readonly BacktestFold[], factors: FoldFactors): Map<number, number> {
  const ranked = folds
    .map((f) => ({ origin: f.origin, sigma: factors(f.origin, 1)[0] ?? NaN }))
    .sort((a, b) => a.sigma - b.sigma || a.origin - b.origin);
  return new Map(ranked.map((r, rank) => [r.origin, Math.floor((3 * rank) / ranked.length)]));
}

function scoreFolds(folds: readonly BacktestFold[], factors: FoldFactors): VariantScore {
  const tercileOf = originTerciles(folds, factors);
  const targets = targetScores(folds);
  const terciles = [0, 1, 2].map((tercile) =>
    mean(targets.filter((t) => (tercileOf.get(t.origin) ?? 0) === tercile).map((t) => t.in95)),
  );
  return { ...summarise(targets), terciles };
}
