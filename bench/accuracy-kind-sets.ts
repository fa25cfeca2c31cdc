/**
 * What production serves, and what it would serve with other kinds trained. Production trains the
 * retrain's default kinds of the granularity (DEFAULT_RETRAIN_KINDS) and serves decideServing's
 * default policy over them, so the bench's `served` row is scored over those candidates only
 * (`productionView`);
 * `--kind-sets a,b;c,d` adds a row per further set of kinds (`kinds:a+b`), same policy.
 */
import type { Granularity as ProductionGranularity } from '../src/shared';
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

/** The bench's hourly row is production's `1h`; its native (5-minute) row production's `5m`. */
const PRODUCTION_GRANULARITY: Readonly<Record<Granularity, ProductionGranularity>> = {
  hourly: '1h',
  '5min': '5m',
};

/** The kinds production's retrain trains by default at the bench's `granularity`. */
export function productionKinds(granularity: Granularity): readonly string[] {
  return DEFAULT_RETRAIN_KINDS[PRODUCTION_GRANULARITY[granularity]];
}

/** Each series with only the candidates production trains at `granularity`. */
export function productionView(
  servable: readonly SeriesOutcome[],
  granularity: Granularity,
): SeriesOutcome[] {
  const kinds = productionKinds(granularity);
  return servable.map((s) => ({ ...s, byModel: only(s.byModel, kinds), failed: only(s.failed, kinds) }));
}

/** One row per extra set of kinds, served under the default policy. */
export function kindSetRows(servable: readonly SeriesOutcome[], sets: readonly string[][]): Row[] {
  return sets.map((kinds) =>
    rowOf(
      `kinds:${kinds.join('+')}`,
      servable.map((s) => serveSeries(only(s.byModel, kinds), only(s.failed, kinds)).evaluation),
    ),
  );
}

function only<T>(byName: ReadonlyMap<string, T>, kinds: readonly string[]): Map<string, T> {
  return new Map([...byName].filter(([name]) => kinds.includes(name)));
}
