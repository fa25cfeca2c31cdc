/**
 * Serving policies: every policy of a fixed menu serves every series (each from its own
 * calibration results only). The served row keeps production's policy per granularity; the all-candidates
 * row serves each series by the policy that scored best on the *other* series of its granularity
 * (leave-one-series-out), so no series' evaluation segment decides its own forecast. Every
 * policy's score is printed.
 */
import { SERVING_DEFAULTS, type ServingOptions } from '../src/forecast';
import { SERVING_OPTIONS } from '../src/modelling/plan';
import type { Granularity as ProductionGranularity } from '../src/shared';
import type { SeriesOutcome } from './accuracy-run';
import { maseOverSeries, rowOf, type Row } from './accuracy-report';
import { serveSeries, type Served } from './accuracy-serving';

/** A named serving policy. */
export interface Policy {
  readonly name: string;
  readonly options: ServingOptions;
}

/** The single-model override's margin in the menu (decideServing's default before it became Infinity). */
const OVERRIDE_MARGIN = 0.1;

/** The menu, fixed in advance: weighted mean or median, of the better half, two thirds or all, with or without the single-model override. */
export const POLICY_MENU: readonly Policy[] = [
  ['weighted-half', 'weighted', 0.5],
  ['median-half', 'median', 0.5],
  ['median-two-thirds', 'median', 2 / 3],
  ['median-all', 'median', 1],
].flatMap(([name, method, memberShare]) => [
  // A single model that wins by 10% overall and in both halves is served instead. The margin is
  // explicit: since decideServing's default became "always combined" (margin Infinity), leaving it
  // out made every entry equal to its `-only` twin and dropped the override from the menu.
  { name: name as string, options: { method, memberShare, margin: OVERRIDE_MARGIN } as ServingOptions },
  // Never a single model: the combination always.
  { name: `${name as string}-only`, options: { method, memberShare, margin: Infinity } as ServingOptions },
]);

/** The menu entry equal to decideServing's defaults overridden by `options`. */
function menuEntryOf(options: ServingOptions): string {
  const policy = { ...SERVING_DEFAULTS, ...options };
  return (
    POLICY_MENU.find(
      (p) =>
        p.options.method === policy.method &&
        p.options.memberShare === policy.memberShare &&
        (p.options.margin ?? SERVING_DEFAULTS.margin) === policy.margin,
    )?.name ?? 'weighted-half'
  );
}

/** The menu entry equal to decideServing's defaults. */
export const DEFAULT_POLICY = menuEntryOf({});

/** The menu entry production serves a series of `granularity` under (`SERVING_OPTIONS`). */
export function productionPolicy(granularity: ProductionGranularity): string {
  return menuEntryOf(SERVING_OPTIONS[granularity]);
}

/** One series served under every policy, and under the policy chosen on the other series. */
export interface PolicyServed {
  readonly name: string;
  readonly byPolicy: ReadonlyMap<string, Served>;
  /** The leave-one-series-out choice and what it served. */
  readonly chosen: string;
  readonly served: Served;
}

/**
 * Serves every series under every policy, then picks each series' policy from the others, or
 * serves every series under `fixed` (one policy, or one per series: production's, {@link productionPolicy}).
 */
export function servePolicies(
  outcomes: readonly SeriesOutcome[],
  fixed?: string | ((series: string) => string),
): PolicyServed[] {
  const usable = outcomes.filter((s) => s.byModel.size > 0);
  const all = usable.map((s) => ({
    name: s.name,
    byPolicy: new Map(POLICY_MENU.map((p) => [p.name, serveSeries(s.byModel, s.failed, p.options)])),
  }));
  const score = (policy: string, skip: number): number =>
    maseOverSeries(
      all
        .filter((_, j) => j !== skip)
        .map((s) => s.byPolicy.get(policy)?.evaluation.metrics.overall.mase ?? NaN),
    );
  return all.map((s, i) => {
    // With a single series there is no other to learn from: the default policy serves it.
    const chosen =
      fixed !== undefined
        ? typeof fixed === 'string'
          ? fixed
          : fixed(s.name)
        : all.length < 2
          ? DEFAULT_POLICY
          : POLICY_MENU.map((p) => p.name).reduce((best, p) => (score(p, i) < score(best, i) ? p : best));
    return { ...s, chosen, served: s.byPolicy.get(chosen) as Served };
  });
}

/**
 * Every series served under its leave-one-series-out policy, as the `served` row labelled `served`
 * and the default policy's combination labelled `combination`.
 */
export function leaveOneOutRows(
  outcomes: readonly SeriesOutcome[],
  labels: { readonly served: string; readonly combination: string },
): { readonly policies: PolicyServed[]; readonly served: Row; readonly combination: Row } {
  const policies = servePolicies(outcomes);
  return {
    policies,
    served: rowOf(
      labels.served,
      policies.map((s) => s.served.evaluation),
    ),
    combination: rowOf(
      labels.combination,
      policies.map((s) => (s.byPolicy.get(DEFAULT_POLICY) as Served).combination),
    ),
  };
}
