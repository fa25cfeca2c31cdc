/**
 * `npm run bench:anomaly-fusion -- --generated <dir>[,<dir>…] [--bundled <dir>] [--only <regex>]
 * [--draws 60] [--cache state/anomaly-fusion]`: the issue-13 comparison of rules that combine the
 * likelihood detector's tests with each other, with faster scales and with the other detectors
 * (anomaly-fusion-candidates.ts; per-point features cached by anomaly-fusion-features.ts, the
 * first run of a folder takes minutes). Per candidate, production first: bundled leave-one-out
 * (bLOO), bundled at the setting chosen on the generated folders together (b@gen, out of sample),
 * the mean over generated folders of leave-one-out (gLOO) and of the setting chosen on the bundled
 * corpus (g@bun), and `--draws` 7-series folders drawn from the generated series (mean and 10th
 * percentile, leave-one-out and at the bundled corpus's setting, as bench:anomaly-subsets).
 * Nothing is chosen on a scored series; the results are in src/anomaly/README.md.
 */
import { parseArgs } from 'node:util';
import {
  bestSetting,
  folderNab,
  leaveOneOut,
  outcomesOf,
  refractoryPoints,
  settingsOf,
  type Detection,
  type Grid,
  type LabelledScores,
  type Setting,
} from '../src/anomaly';
import { mulberry32 } from '../src/forecast/tfjs/prng';
import { folderFeatures, type SeriesFeatures } from './anomaly-fusion-features';
import { CANDIDATES } from './anomaly-fusion-candidates';

const HOUR = 3_600_000;
const REFRACTORY = [0, 1, 6, 24, 48].map((h) => h * HOUR);

function labelled(
  folder: readonly SeriesFeatures[],
  scores: readonly (Float64Array | number[])[],
): LabelledScores[] {
  return folder.map((s, i) => ({
    scores: Array.from(scores[i] as ArrayLike<number>),
    windows: s.windows,
    from: s.from,
    stepMs: s.stepMs,
  }));
}

/** Break-through rule of the candidate being scored (undefined: plain threshold and quiet time). */
let breakThrough: ((score: number, last: number, threshold: number) => boolean) | undefined;

/** Threshold crossings a quiet time apart, unless the candidate lets a stronger score break through. */
function detectBreaking(s: LabelledScores, setting: Setting): Detection[] {
  const quiet = Math.max(1, refractoryPoints(setting.refractoryMs, s.stepMs));
  const out: Detection[] = [];
  let quietUntil = s.from;
  let last = -Infinity;
  for (let i = s.from; i < s.scores.length; i++) {
    const score = s.scores[i] as number;
    if (!(score >= setting.threshold)) continue;
    if (i < quietUntil && !(breakThrough?.(score, last, setting.threshold) ?? false)) continue;
    out.push({ index: i, score });
    quietUntil = i + quiet;
    last = score;
  }
  return out;
}

function corpusBest(folders: readonly (readonly LabelledScores[])[], grid: Grid): Setting {
  const settings = settingsOf(grid);
  const outcomes = outcomesOf(folders.flat(), settings, detectBreaking);
  const totals = settings.map((_, k) => outcomes.reduce((sum, o) => sum + (o[k]?.nab ?? 0), 0));
  return settings[bestSetting(settings, totals)] as Setting;
}

const nabOf = (folder: readonly LabelledScores[], settings: readonly Setting[]): number =>
  folderNab(folder, settings, detectBreaking);
const loo = (folder: readonly LabelledScores[], grid: Grid): number =>
  nabOf(folder, leaveOneOut(folder, grid, folder.length, detectBreaking));

function quantiles(xs: readonly number[]): { mean: number; p10: number } {
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    mean: xs.reduce((a, b) => a + b, 0) / xs.length,
    p10: sorted[Math.floor(0.1 * (sorted.length - 1))] as number,
  };
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      bundled: { type: 'string' },
      generated: { type: 'string' },
      cache: { type: 'string' },
      only: { type: 'string' },
      draws: { type: 'string' },
    },
  });
  const cache = args.cache ?? 'state/anomaly-fusion';
  const bundled = await folderFeatures(args.bundled ?? 'data/nab/realAWSCloudwatch', cache);
  if (args.generated === undefined)
    throw new Error('--generated <dir>[,<dir>…] is required (bench:anomaly-synthetic writes them)');
  const generated: SeriesFeatures[][] = [];
  for (const dir of args.generated.split(',').filter((d) => d !== ''))
    generated.push(await folderFeatures(dir, cache));
  const pool = [bundled, ...generated].flat();
  const only = args.only === undefined ? undefined : new RegExp(args.only);
  const draws = Number(args.draws ?? 60);
  console.log(
    'candidate'.padEnd(44) + ' bLOO  b@gen   gLOO  g@bun | sub LOO mean/p10 | sub@bun mean/p10 | settings',
  );
  for (const c of CANDIDATES.filter((x) => only === undefined || only.test(x.name))) {
    breakThrough = c.breakThrough;
    const grid: Grid = { thresholds: c.thresholds, refractoriesMs: REFRACTORY };
    // Learners train on every labelled series but the scored one (bundled and generated alike).
    const scoreFolder = (folder: readonly SeriesFeatures[]): LabelledScores[] =>
      labelled(
        folder,
        folder.map((s) => c.score(s, c.learns === true ? pool.filter((x) => x !== s) : [])),
      );
    const b = scoreFolder(bundled);
    const g = generated.map(scoreFolder);
    const atGen = corpusBest(g, grid);
    const atBun = corpusBest([b], grid);
    const gLoo = g.map((f) => loo(f, grid));
    const gBun = g.map((f) =>
      nabOf(
        f,
        f.map(() => atBun),
      ),
    );
    const flat = g.flat();
    const random = mulberry32(42);
    const subLoo: number[] = [];
    const subBun: number[] = [];
    for (let d = 0; d < draws; d++) {
      const picked = new Set<number>();
      while (picked.size < 7) picked.add(Math.floor(random() * flat.length));
      const folder = [...picked].map((i) => flat[i] as LabelledScores);
      subLoo.push(loo(folder, grid));
      subBun.push(
        nabOf(
          folder,
          folder.map(() => atBun),
        ),
      );
    }
    const mean = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
    const sl = quantiles(subLoo);
    const sb = quantiles(subBun);
    console.log(
      `${c.name.padEnd(44)} ${loo(b, grid).toFixed(1).padStart(5)} ${nabOf(
        b,
        b.map(() => atGen),
      )
        .toFixed(1)
        .padStart(
          5,
        )}  ${mean(gLoo).toFixed(1).padStart(5)} ${mean(gBun).toFixed(1).padStart(5)} | ${sl.mean.toFixed(1)}/${sl.p10.toFixed(1)}        | ${sb.mean.toFixed(1)}/${sb.p10.toFixed(1)}        | gen ≥${atGen.threshold} ${atGen.refractoryMs / HOUR}h, bun ≥${atBun.threshold} ${atBun.refractoryMs / HOUR}h; folders ${gLoo.map((x) => x.toFixed(1)).join(' ')}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
