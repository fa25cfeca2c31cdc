/**
 * Served intervals with and without time-of-day conditioning (`timeOfDayScaling`, issue 12), both
 * from the same evaluations and the same serving decisions, so the only difference is the widths.
 * Printed per granularity: marginal coverage, coverage95 by hour-of-day tercile (clock hours, and
 * hours ranked by the series' own volatility before its evaluation segment; the worst tercile is
 * the conditional figure), and mean 95% width and interval (Winkler) scores, conditioned ÷ plain
 * per series, geometric mean over series. The served figures elsewhere stay the plain ones.
 */
import {
  evalStartOf,
  geometricMean,
  hourOfDay,
  hourOfDayFactors,
  mean,
  timeOfDayScaling,
  type BacktestFold,
  type SeriesData,
  type TimeOfDayOptions,
} from '../src/forecast';
import type { PolicyServed } from './accuracy-policies';
import type { SeriesOutcome } from './accuracy-run';
import { serveSeries } from './accuracy-serving';
import { summarise, targetScores, type IntervalSummary, type TargetScore } from './accuracy-interval-targets';

/** Which tercile (0, 1, 2) each hour of day falls in. */
type Terciles = readonly number[];

const CLOCK_TERCILES: Terciles = Array.from({ length: 24 }, (_, h) => Math.floor(h / 8));

/** What one variant's evaluation folds scored on one series. */
interface VariantScore extends IntervalSummary {
  /** Coverage95 in each clock tercile, then in each volatility tercile (NaN where none). */
  readonly clock: readonly number[];
  readonly volatility: readonly number[];
}

/**
 * The conditioned variants beside plain: the default (hour ratios bounded to [1/4, 4]) and, as
 * first registered, unbounded (see `TimeOfDayOptions.maxRatio`).
 */
const VARIANTS: readonly { readonly key: string; readonly options: TimeOfDayOptions }[] = [
  { key: 'conditioned', options: {} },
  { key: 'unbounded', options: { maxRatio: Infinity } },
];

/** Prints every variant's figures for the served series and returns RESULT lines. */
export function printTimeOfDayComparison(
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
    if (history === undefined || outcome === undefined) return [];
    const terciles = volatilityTerciles(history);
    const score = (folds: readonly BacktestFold[]) => scoreFolds(folds, history, terciles);
    const conditioned = (options: TimeOfDayOptions) =>
      serveSeries(
        outcome.byModel,
        outcome.failed,
        policyOptions(s.chosen),
        undefined,
        timeOfDayScaling(history, options),
      );
    const evalStart = evalStartOf(history.values.length);
    const scores: Record<string, VariantScore> = {
      plain: score(s.served.evaluation.folds),
      ...Object.fromEntries(VARIANTS.map((v) => [v.key, score(conditioned(v.options).evaluation.folds)])),
    };
    return [{ scores, active: hourOfDayFactors(history, evalStart) !== undefined }];
  });
  console.log(
    `served intervals conditioned on the hour of day (${scored.filter((p) => p.active).length} of ${scored.length} series with enough history at evaluation start; ` +
      `variants: ${VARIANTS.map((v) => v.key).join(', ')}):`,
  );
  const keys = ['plain', ...VARIANTS.map((v) => v.key)];
  const lines: string[] = [];
  const report = (key: string, label: string, pick: (v: VariantScore) => number) => {
    const values = keys.map((k) =>
      mean(scored.map((p) => pick(p.scores[k] as VariantScore)).filter(Number.isFinite)),
    );
    console.log(`  ${label}: ${keys.map((k, i) => `${k} ${(values[i] as number).toFixed(3)}`).join(', ')}`);
    keys.forEach((k, i) =>
      lines.push(`RESULT ${prefix}.tod.${k}.${key}=${(values[i] as number).toPrecision(4)}`),
    );
  };
  const ratio = (key: string, label: string, pick: (v: VariantScore) => number) => {
    for (const v of VARIANTS) {
      const r = geometricMean(
        scored.map((p) => pick(p.scores[v.key] as VariantScore) / pick(p.scores.plain as VariantScore)),
      );
      console.log(`  ${label} ${v.key} ÷ plain (geometric mean over series): ${r.toFixed(3)}`);
      lines.push(`RESULT ${prefix}.tod.${v.key}.${key}_ratio=${r.toPrecision(4)}`);
    }
  };
  report('coverage80', 'coverage80', (v) => v.coverage80);
  report('coverage95', 'coverage95', (v) => v.coverage95);
  for (const t of [0, 1, 2])
    report(`clock${t}.coverage95`, `coverage95 hours ${8 * t}–${8 * t + 8}`, (v) => v.clock[t] ?? NaN);
  for (const t of [0, 1, 2])
    report(
      `vol${t}.coverage95`,
      `coverage95 volatility tercile ${t} (0 quietest hours, 2 busiest)`,
      (v) => v.volatility[t] ?? NaN,
    );
  lines.push(
    ...worstTercile(
      prefix,
      scored.map((p) => p.scores),
      keys,
    ),
  );
  ratio('width95', 'mean 95% width', (v) => v.width95);
  ratio('winkler95', 'interval score 95%', (v) => v.winkler95);
  ratio('winkler80', 'interval score 80%', (v) => v.winkler80);
  return lines;
}

/** The worst tercile of the series-averaged tercile coverages, per variant and tercile kind. */
function worstTercile(
  prefix: string,
  scored: readonly Readonly<Record<string, VariantScore>>[],
  keys: readonly string[],
): string[] {
  return keys.flatMap((variant) =>
    (['clock', 'volatility'] as const).map((kind) => {
      const means = [0, 1, 2].map((t) =>
        mean(scored.map((p) => (p[variant] as VariantScore)[kind][t] ?? NaN).filter(Number.isFinite)),
      );
      const value = Math.min(...means);
      console.log(`  worst ${kind} tercile coverage95, ${variant}: ${value.toFixed(3)}`);
      return `RESULT ${prefix}.tod.${variant}.worst_${kind}_tercile.coverage95=${value.toPrecision(4)}`;
    }),
  );
}

/** Hours ranked by the series' hour-of-day factors before its evaluation segment, in thirds (quietest 0). */
function volatilityTerciles(history: SeriesData): Terciles {
  const factors = hourOfDayFactors(history, evalStartOf(history.values.length), { minDays: 0 });
  const ranked = Array.from({ length: 24 }, (_, h) => h).sort(
    (a, b) => (factors?.[a] ?? 1) - (factors?.[b] ?? 1) || a - b,
  );
  const tercile = Array<number>(24).fill(0);
  ranked.forEach((h, rank) => (tercile[h] = Math.floor(rank / 8)));
  return tercile;
}

function scoreFolds(folds: readonly BacktestFold[], history: SeriesData, volatility: Terciles): VariantScore {
  const targets = targetScores(folds);
  const hourOf = (t: TargetScore) => hourOfDay(history.start + (t.origin + t.step) * history.stepMs);
  const coverageIn = (terciles: Terciles) =>
    [0, 1, 2].map((tercile) =>
      mean(targets.filter((t) => terciles[hourOf(t)] === tercile).map((t) => t.in95)),
    );
  return { ...summarise(targets), clock: coverageIn(CLOCK_TERCILES), volatility: coverageIn(volatility) };
}
