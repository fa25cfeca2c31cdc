/**
 * `npm run bench:anomaly-subsets -- --data <dir>[,<dir>…] [--size 7] [--draws 60] [--seed 42]`:
 * how the likelihood detector's setting carries over to a small unseen folder, the situation of
 * `bench:anomaly --data <7 series>`. It draws `--draws` folders of `--size` series from the labelled
 * series of the given folders and scores each folder two ways: leave-one-series-out over
 * bench:anomaly's grid (each series gets the best setting of the other size − 1), and production's
 * setting fixed in advance (`DEFAULT_EVENTS.likelihood`, chosen on the bundled corpus). Prints the
 * mean, 10th percentile and median NAB score of each, and of leave-one-out over a narrow grid
 * around the fixed setting. On generated folders the fixed setting is out of sample; on the bundled
 * corpus it is in sample.
 */
import { parseArgs } from 'node:util';
import {
  DEFAULT_EVENTS,
  folderNab,
  likelihoodOptions,
  likelihoodScores,
  probationLength,
  settingsOf,
  leaveOneOut,
  type Grid,
  type LabelledScores,
} from '../src/anomaly';
import { mulberry32 } from '../src/forecast/tfjs/prng';
import { LIKELIHOOD_GRID } from './anomaly-calibrate';
import { loadLabelled, resolveLabels, type LabelledSeries } from './anomaly-data';

const HOUR = 3_600_000;
const FULL: Grid = LIKELIHOOD_GRID;
const NARROW: Grid = { thresholds: [3.5, 4, 4.5, 5], refractoriesMs: [6 * HOUR] };

function summary(name: string, scores: readonly number[]): string {
  const sorted = [...scores].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.floor(q * (sorted.length - 1))] as number;
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  return `${name.padEnd(34)} mean ${mean.toFixed(1)}  p10 ${at(0.1).toFixed(1)}  median ${at(0.5).toFixed(1)}`;
}

function main(): void {
  const { values: args } = parseArgs({
    options: {
      data: { type: 'string' },
      size: { type: 'string' },
      draws: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  if (args.data === undefined) throw new Error('--data <dir>[,<dir>…] is required');
  const size = Number(args.size ?? 7);
  const draws = Number(args.draws ?? 60);
  const series: LabelledSeries[] = args.data
    .split(',')
    .flatMap((dir) => loadLabelled(dir, resolveLabels(dir, undefined)));
  if (!(Number.isInteger(size) && size >= 2 && size <= series.length))
    throw new Error(`--size must be an integer from 2 to ${series.length}, got ${args.size}`);
  if (!(Number.isInteger(draws) && draws >= 1))
    throw new Error(`--draws must be a positive integer, got ${args.draws}`);
  const labelled: LabelledScores[] = series.map((s) => ({
    scores: likelihoodScores(s.values, likelihoodOptions(s.stepMs), s.times),
    windows: s.windows,
    from: probationLength(s.values.length),
    stepMs: s.stepMs,
  }));
  const random = mulberry32(Number(args.seed ?? 42));
  const fixed = DEFAULT_EVENTS.likelihood;
  const results = { full: [] as number[], narrow: [] as number[], fixed: [] as number[] };
  for (let d = 0; d < draws; d++) {
    const picked = new Set<number>();
    while (picked.size < size) picked.add(Math.floor(random() * series.length));
    const folder = [...picked].map((i) => labelled[i] as LabelledScores);
    results.full.push(folderNab(folder, leaveOneOut(folder, FULL)));
    results.narrow.push(folderNab(folder, leaveOneOut(folder, NARROW)));
    results.fixed.push(
      folderNab(
        folder,
        folder.map(() => fixed),
      ),
    );
  }
  console.log(
    `# bench:anomaly-subsets: ${draws} folders of ${size} from ${series.length} labelled series (${args.data})`,
  );
  console.log(summary(`leave-one-out, ${settingsOf(FULL).length} settings`, results.full));
  console.log(summary(`leave-one-out, ${settingsOf(NARROW).length} settings near it`, results.narrow));
  console.log(summary(`fixed ≥${fixed.threshold} quiet ${fixed.refractoryMs / HOUR}h`, results.fixed));
}

main();
