/**
 * What production serves, and what it would serve with other kinds trained. Production trains the
 * retrain's default kinds of the granularity (DEFAULT_RETRAIN_KINDS) and serves decideServing over
 * them under the granularity's SERVING_OPTIONS, so the bench's `served` row is scored over those
 * candidates only (`productionView`);
 * `--kind-sets a,b;c,d` adds a row per further set of kinds (`kinds:a+b`), same policy per series.
 */
import { STEP_MS, type Granularity as ProductionGranularity } from '../src/shared';
import { SERVING_OPTIONS } from '../src/modelling/plan';
import { DEFAULT_RETRAIN_KINDS } from '../src/workflows/retrain';
import type { Granularity } from './accuracy-config';
import { rowOf, type Row } from './accuracy-report';
import type { SeriesOutcome } from './accuracy-run';
import { serveSeries } from './accuracy-serving';

/** `--kind-sets`: sets separated by `;`, kinds by `,`. */
export function parseKindSets(given: string | undefined): string[][] {
  if (given === undefined) return [];
  return given
    .split(';')
    .map((set) =>
      set
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .filter((set) => set.length > 0);
}

/**
 * Production's granularity for a series the bench reads at `granularity` with step `stepMs`: the
 * native row of a sub-hourly file is production's `5m`; the hourly row, and a file recorded hourly
 * or coarser at either row, production's `1h`.
 */
export function productionGranularity(granularity: Granularity, stepMs: number): ProductionGranularity {
  return granularity === '5min' && stepMs < STEP_MS['1h'] ? '5m' : '1h';
}

/** The kinds production's retrain trains by default for such a series. */
export function productionKinds(granularity: Granularity, stepMs: number): readonly string[] {
  return DEFAULT_RETRAIN_KINDS[productionGranularity(granularity, stepMs)];
}

/** A series' step by name; undefined when unknown (read as 5 minutes). */
export type StepOf = (name: string) => number | undefined;

/** Each series with only the candidates production trains for it. */
export function productionView(
  servable: readonly SeriesOutcome[],
  granularity: Granularity,
  stepOf: StepOf = () => undefined,
): SeriesOutcome[] {
  return servable.map((s) => {
    const kinds = DEFAULT_RETRAIN_KINDS[seriesGranularity(s.name, granularity, stepOf)];
    return { ...s, byModel: only(s.byModel, kinds), failed: only(s.failed, kinds) };
  });
}

/** The kinds behind a row's `served` figure, per production granularity when its series differ. */
export function describeProductionKinds(
  servable: readonly SeriesOutcome[],
  granularity: Granularity,
  stepOf: StepOf = () => undefined,
): string {
  const counts = new Map<ProductionGranularity, number>();
  for (const s of servable) {
    const g = seriesGranularity(s.name, granularity, stepOf);
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  const parts = [...counts].map(([g, n]) => ({ g, n, kinds: DEFAULT_RETRAIN_KINDS[g].join(', ') }));
  if (parts.length <= 1) return parts[0]?.kinds ?? '';
  return parts.map(({ g, n, kinds }) => `${n} series as ${g}: ${kinds}`).join('; ');
}

/** Production's granularity for one of the row's series, by name (its step unknown: 5 minutes). */
export function seriesGranularity(
  name: string,
  granularity: Granularity,
  stepOf: StepOf,
): ProductionGranularity {
  return productionGranularity(granularity, stepOf(name) ?? STEP_MS['5m']);
}

/** One row per extra set of kinds, each series served under production's policy for its granularity. */
export function kindSetRows(
  servable: readonly SeriesOutcome[],
  sets: readonly string[][],
  granularity: Granularity,
  stepOf: StepOf = () => undefined,
): Row[] {
  const policyOf = (name: string) => SERVING_OPTIONS[seriesGranularity(name, granularity, stepOf)];
  return sets.map((kinds) =>
    rowOf(
      `kinds:${kinds.join('+')}`,
      servable.map(
        (s) => serveSeries(only(s.byModel, kinds), only(s.failed, kinds), policyOf(s.name)).evaluation,
      ),
    ),
  );
}

function only<T>(byName: ReadonlyMap<string, T>, kinds: readonly string[]): Map<string, T> {
  return new Map([...byName].filter(([name]) => kinds.includes(name)));
}
