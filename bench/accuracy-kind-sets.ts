/**
 * What production serves, and what it would serve with other kinds trained: decideServing's
 * default policy over a subset of the candidates, scored like the served row. `production` is the
 * retrain's default kinds (DEFAULT_RETRAIN_KINDS), so the bench prints the figure production's
 * training actually reaches beside the `served` row, which draws on every candidate;
 * `--kind-sets a,b;c,d` adds a row per further set (`kinds:a+b`).
 */
import { DEFAULT_RETRAIN_KINDS } from '../src/workflows/retrain';
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

/** The production row, then one row per extra set. */
export function kindSetRows(servable: readonly SeriesOutcome[], extra: readonly string[][]): Row[] {
  return [
    rowOf('production', servedOver(servable, DEFAULT_RETRAIN_KINDS)),
    ...extra.map((kinds) => rowOf(`kinds:${kinds.join('+')}`, servedOver(servable, kinds))),
  ];
}

function servedOver(servable: readonly SeriesOutcome[], kinds: readonly string[]) {
  return servable.map((s) => serveSeries(only(s.byModel, kinds), only(s.failed, kinds)).evaluation);
}

function only<T>(byName: ReadonlyMap<string, T>, kinds: readonly string[]): Map<string, T> {
  return new Map([...byName].filter(([name]) => kinds.includes(name)));
}
