/**
 * How the served intervals would have covered under other adaptive conformal settings, so the
 * production default (`createAdaptiveConformal`'s learning rate 0.02 and 200 scores a step) can be
 * judged against its neighbours in every run. The menu is fixed in advance and the default is not
 * chosen from it here: the served figures are always the default's; every variant is printed.
 */
import { mean, type AdaptiveConformalOptions } from '../src/forecast';
import type { PolicyServed } from './accuracy-policies';
import { serveSeries, type Served } from './accuracy-serving';
import type { SeriesOutcome } from './accuracy-run';

/** The variants: no online update at all, slower and faster learning rates, shorter and longer memories. */
export const INTERVAL_MENU: readonly { readonly name: string; readonly options: AdaptiveConformalOptions }[] =
  [
    { name: 'default (gamma 0.02, window 200)', options: {} },
    { name: 'no update (gamma 0)', options: { gamma: 0 } },
    ...[0.005, 0.01, 0.05, 0.1].map((gamma) => ({ name: `gamma ${gamma}`, options: { gamma } })),
    ...[50, 100, 500].map((window) => ({ name: `window ${window}`, options: { window } })),
  ];

/** Prints each variant's served coverage (the policy each series was served under) and returns RESULT lines. */
export function printIntervalVariants(
  prefix: string,
  series: readonly SeriesOutcome[],
  served: readonly PolicyServed[],
  policyOptions: (name: string) => Parameters<typeof serveSeries>[2],
): string[] {
  const byName = new Map(series.map((s) => [s.name, s]));
  console.log(
    'served intervals under other adaptive conformal settings (fixed menu; served figures use the default):',
  );
  return INTERVAL_MENU.flatMap((variant, i) => {
    const results: Served[] = served.map((s) => {
      const outcome = byName.get(s.name) as SeriesOutcome;
      return serveSeries(outcome.byModel, outcome.failed, policyOptions(s.chosen), variant.options);
    });
    const c80 = mean(results.map((r) => r.evaluation.coverage.p80));
    const c95 = mean(results.map((r) => r.evaluation.coverage.p95));
    console.log(`  ${variant.name}: coverage80 ${c80.toFixed(3)}, coverage95 ${c95.toFixed(3)}`);
    const key = i === 0 ? 'default' : variant.name.replace(/[ ()]+/g, '_').replace(/_$/, '');
    return [
      `RESULT ${prefix}.intervals.${key}.coverage80=${c80.toPrecision(4)}`,
      `RESULT ${prefix}.intervals.${key}.coverage95=${c95.toPrecision(4)}`,
    ];
  });
}
