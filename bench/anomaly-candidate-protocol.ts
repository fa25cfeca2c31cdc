/**
 * `bench:anomaly-candidates --detail`: the protocol of the Random Cut Forest round (issue 13),
 * fixed before it was scored, for every rule that runs:
 * - thresholds and quiet times chosen leave-one-series-out (LOO) within each folder, as the rest of
 *   the bench does;
 * - and one fixed setting per rule, chosen on the generated development folders only (the best mean
 *   NAB score over those folders, ties to the higher threshold, then the longer quiet time), applied
 *   unchanged to the bundled corpus and the fresh folders;
 * - per folder, the NAB standard score and window F1 both ways;
 * - speed on the bundled corpus: ms per 1,000 points, best of two passes, production in the same run.
 * A rule wins only if it beats production on bundled LOO, on the mean LOO of the development
 * folders and on the mean LOO of the fresh folders.
 */
import { performance } from 'node:perf_hooks';
import {
  bestSetting,
  detect,
  folderNab,
  leaveOneOut,
  probationLength,
  settingsOf,
  sumCounts,
  windowCounts,
  windowScores,
  type LabelledScores,
  type Setting,
} from '../src/anomaly';
import { LIKELIHOOD_GRID, describe } from './anomaly-calibrate';
import type { LabelledSeries } from './anomaly-data';

/** One folder's series with production's scores, computed once for every rule. */
export interface Folder {
  readonly name: string;
  readonly series: readonly LabelledSeries[];
  readonly production: readonly (readonly number[])[];
}

export type Rule = (s: LabelledSeries, production: readonly number[]) => number[];

export function labelledScores(folder: Folder, rule: Rule): LabelledScores[] {
  return folder.series.map((s, i) => ({
    scores: rule(s, folder.production[i] as readonly number[]),
    windows: s.windows,
    from: probationLength(s.values.length),
    stepMs: s.stepMs,
  }));
}

interface Scored {
  readonly nab: number;
  readonly f1: number;
}

function scoredAt(labelled: readonly LabelledScores[], settings: readonly Setting[]): Scored {
  const counts = labelled.map((s, i) => windowCounts(detect(s, settings[i] as Setting), s.windows, s.from));
  return { nab: folderNab(labelled, settings), f1: windowScores(sumCounts(counts)).f1 };
}

/**
 * The setting with the best mean NAB over `folders`, ties broken as leave-one-out breaks them
 * (`bestSetting`: the higher threshold, then the longer quiet time).
 */
export function chooseOnFolders(folders: readonly (readonly LabelledScores[])[]): Setting {
  const settings = settingsOf(LIKELIHOOD_GRID);
  const means = settings.map(
    (setting) =>
      folders.reduce(
        (sum, l) =>
          sum +
          folderNab(
            l,
            l.map(() => setting),
          ),
        0,
      ) / Math.max(1, folders.length),
  );
  return settings[bestSetting(settings, means)] as Setting;
}

const fmt = (s: Scored): string => `${s.nab.toFixed(1)} (${s.f1.toFixed(3)})`;
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * Prints one rule's line: its development-chosen setting, then per folder NAB (F1) LOO and at that
 * setting, then the means per kind of folder. Returns the LOO means per kind, for the win rule.
 */
export function printDetail(
  name: string,
  kinds: readonly { readonly name: string; readonly folders: readonly Folder[] }[],
  rule: Rule,
): Record<string, number> {
  const labelled = kinds.map((k) => k.folders.map((f) => labelledScores(f, rule)));
  const dev = kinds.findIndex((k) => k.name === 'generated');
  const fixed = chooseOnFolders(labelled[dev] ?? []);
  const cells: string[] = [];
  const means: Record<string, number> = {};
  kinds.forEach((k, i) => {
    const loo = (labelled[i] ?? []).map((l) => scoredAt(l, leaveOneOut(l, LIKELIHOOD_GRID)));
    const at = (labelled[i] ?? []).map((l) =>
      scoredAt(
        l,
        l.map(() => fixed),
      ),
    );
    k.folders.forEach((f, j) => cells.push(`${f.name} ${fmt(loo[j] as Scored)} / ${fmt(at[j] as Scored)}`));
    means[k.name] = mean(loo.map((s) => s.nab));
    cells.push(
      `${k.name} mean ${mean(loo.map((s) => s.nab)).toFixed(1)} / ${mean(at.map((s) => s.nab)).toFixed(1)}`,
    );
  });
  console.log(`${name} [fixed ${describe(fixed)}]\n  ${cells.join('\n  ')}`);
  return means;
}

/** Best of two passes of `score` over every series, in ms per 1,000 points. */
export function msPerThousand(
  series: readonly LabelledSeries[],
  score: (s: LabelledSeries) => unknown,
): number {
  const points = series.reduce((n, s) => n + s.values.length, 0);
  let best = Infinity;
  for (let pass = 0; pass < 2; pass++) {
    const start = performance.now();
    for (const s of series) score(s);
    best = Math.min(best, performance.now() - start);
  }
  return (1000 * best) / points;
}
