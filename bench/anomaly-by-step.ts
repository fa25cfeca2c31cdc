/**
 * `npm run bench:anomaly-by-step -- --data <dir>[,<dir>…] [--boot 2000] [--seed 7] [--per-folder]`:
 * production's likelihood detector grouped by the step of each series (issue 13: durations are
 * turned into points with the series' own step, so a coarse, fine or irregular series runs with
 * different windows in points). Every NAB-format folder is scored as a whole, as bench:anomaly
 * scores it: at production's fixed setting (≥4, quiet 6 h) and leave-one-series-out over
 * bench:anomaly's grid within the folder. The series are then pooled over the folders and grouped
 * by step (the median gap, in whole minutes) and by regularity (irregular: more than 10% of the
 * gaps differ from the median by more than 1%). Per group: series, labelled windows, NAB standard
 * score (raw scores and windows summed over the group's series, each under its own setting, the
 * way folderNab sums a folder), windows missed and false alarms, both ways; a 90% interval of the
 * fixed-setting score from resampling the group's series (`--boot` draws); the gap to the 5-minute
 * group (with a 90% interval, both groups resampled); and the median labelled window width in hours
 * and span in days and rows, which differ by step in the generated mixes. Nothing is tuned here.
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_EVENTS,
  detect,
  folderNab,
  leaveOneOut,
  likelihoodOptions,
  nabRaw,
  nabNormalised,
  probationLength,
  windowCounts,
  type LabelledScores,
  type Setting,
} from '../src/anomaly';
import { mulberry32 } from '../src/forecast/tfjs/prng';
import { LIKELIHOOD_GRID } from './anomaly-calibrate';
import {
  isIrregular,
  loadLabelled,
  resolveDataDir,
  resolveLabels,
  type LabelledSeries,
} from './anomaly-data';
import { productionScores } from './anomaly-candidate-rules';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** One scored series: its group, and what it scores at the fixed and the leave-one-out setting. */
interface Row {
  readonly folder: string;
  readonly name: string;
  readonly stepMin: number;
  readonly irregular: boolean;
  readonly rows: number;
  readonly days: number;
  /** Median labelled window width, hours. */
  readonly windowHours: number;
  readonly fixed: Outcome;
  readonly loo: Outcome;
}

interface Outcome {
  readonly raw: number;
  readonly windows: number;
  readonly missed: number;
  readonly falseAlarms: number;
}

function outcome(s: LabelledScores, setting: Setting): Outcome {
  const detections = detect(s, setting);
  const nab = nabRaw(detections, s.windows, s.scores.length);
  const counts = windowCounts(detections, s.windows, s.from);
  return { raw: nab.raw, windows: nab.windows, missed: counts.fn, falseAlarms: counts.fp };
}

function scoreFolder(dir: string): { rows: Row[]; loo: number; fixed: number } {
  const series: LabelledSeries[] = loadLabelled(dir, resolveLabels(dir, undefined));
  const labelled: LabelledScores[] = series.map((s) => ({
    scores: productionScores(s),
    windows: s.windows,
    from: probationLength(s.values.length),
    stepMs: s.stepMs,
  }));
  const fixed = DEFAULT_EVENTS.likelihood;
  const loo = leaveOneOut(labelled, LIKELIHOOD_GRID);
  const rows = series.map((s, i) => {
    const l = labelled[i] as LabelledScores;
    return {
      folder: basename(dir),
      name: s.name,
      stepMin: Math.round(s.stepMs / MINUTE),
      irregular: isIrregular(s.times, s.stepMs),
      rows: s.values.length,
      days: ((s.times[s.times.length - 1] as number) - (s.times[0] as number)) / DAY,
      windowHours: median(
        s.windows.map((w) => ((s.times[w.last] as number) - (s.times[w.first] as number)) / (DAY / 24)),
      ),
      fixed: outcome(l, fixed),
      loo: outcome(l, loo[i] as Setting),
    };
  });
  return {
    rows,
    loo: folderNab(labelled, loo),
    fixed: folderNab(
      labelled,
      labelled.map(() => fixed),
    ),
  };
}

/** NAB standard score of a set of series (summed raw scores and windows). */
function groupNab(outcomes: readonly Outcome[]): number {
  return nabNormalised({
    raw: outcomes.reduce((a, o) => a + o.raw, 0),
    windows: outcomes.reduce((a, o) => a + o.windows, 0),
  });
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
};

/** 5% and 95% quantiles of the fixed-setting group score over series resampled with replacement. */
function interval(rows: readonly Row[], draws: number, random: () => number): [number, number] {
  if (draws <= 0 || rows.length === 0) return [NaN, NaN];
  const scores: number[] = [];
  for (let d = 0; d < draws; d++) {
    const sample = rows.map(() => (rows[Math.floor(random() * rows.length)] as Row).fixed);
    const score = groupNab(sample);
    if (Number.isFinite(score)) scores.push(score);
  }
  scores.sort((a, b) => a - b);
  const at = (q: number): number => scores[Math.floor(q * (scores.length - 1))] ?? NaN;
  return [at(0.05), at(0.95)];
}

/**
 * 5% and 95% quantiles of (group − reference) at the fixed setting, both resampled by series
 * independently.
 */
function difference(
  rows: readonly Row[],
  reference: readonly Row[],
  draws: number,
  random: () => number,
): [number, number] {
  if (draws <= 0 || rows.length === 0 || reference.length === 0) return [NaN, NaN];
  const resample = (rs: readonly Row[]): Outcome[] =>
    rs.map(() => (rs[Math.floor(random() * rs.length)] as Row).fixed);
  const diffs: number[] = [];
  for (let d = 0; d < draws; d++) {
    const diff = groupNab(resample(rows)) - groupNab(resample(reference));
    if (Number.isFinite(diff)) diffs.push(diff);
  }
  diffs.sort((a, b) => a - b);
  const at = (q: number): number => diffs[Math.floor(q * (diffs.length - 1))] ?? NaN;
  return [at(0.05), at(0.95)];
}

function line(
  label: string,
  rows: readonly Row[],
  reference: readonly Row[],
  draws: number,
  random: () => number,
): string {
  const fixed = rows.map((r) => r.fixed);
  const loo = rows.map((r) => r.loo);
  const sum = (os: readonly Outcome[], key: 'missed' | 'falseAlarms'): number =>
    os.reduce((a, o) => a + o[key], 0);
  const [lo, hi] = interval(rows, draws, random);
  const [dlo, dhi] = difference(rows, reference, draws, random);
  const gap = groupNab(fixed) - groupNab(reference.map((r) => r.fixed));
  const gapLoo = groupNab(loo) - groupNab(reference.map((r) => r.loo));
  return [
    label,
    rows.length,
    fixed.reduce((a, o) => a + o.windows, 0),
    groupNab(fixed).toFixed(1),
    `${lo.toFixed(1)}…${hi.toFixed(1)}`,
    `${sum(fixed, 'missed')} / ${sum(fixed, 'falseAlarms')}`,
    groupNab(loo).toFixed(1),
    `${sum(loo, 'missed')} / ${sum(loo, 'falseAlarms')}`,
    `${gap.toFixed(1)} (${dlo.toFixed(1)}…${dhi.toFixed(1)}) / ${gapLoo.toFixed(1)}`,
    median(rows.map((r) => r.windowHours)).toFixed(1),
    median(rows.map((r) => r.days)).toFixed(1),
    median(rows.map((r) => r.rows)),
  ].join(' | ');
}

const HEADER =
  'group | series | windows | NAB fixed | 90% interval | missed / FA fixed | NAB LOO | missed / FA LOO | vs 5 min: fixed (90% interval) / LOO | median window hours | median days | median rows';

function table(rows: readonly Row[], draws: number, random: () => number): void {
  const steps = [...new Set(rows.map((r) => r.stepMin))].sort((a, b) => a - b);
  const reference = rows.filter((r) => r.stepMin === 5);
  const row = (label: string, rs: readonly Row[]): void =>
    console.log(line(label, rs, reference, draws, random));
  console.log(HEADER);
  for (const step of steps) {
    const atStep = rows.filter((r) => r.stepMin === step);
    const regular = atStep.filter((r) => !r.irregular);
    const irregular = atStep.filter((r) => r.irregular);
    row(`${step} min`, atStep);
    if (regular.length > 0 && irregular.length > 0) {
      row(`  ${step} min regular`, regular);
      row(`  ${step} min irregular`, irregular);
    }
  }
  row(
    'regular (all steps)',
    rows.filter((r) => !r.irregular),
  );
  row(
    'irregular (all steps)',
    rows.filter((r) => r.irregular),
  );
  row('all', rows);
}

function main(): void {
  const { values: args } = parseArgs({
    options: {
      data: { type: 'string' },
      boot: { type: 'string' },
      seed: { type: 'string' },
      'per-folder': { type: 'boolean' },
    },
  });
  const dirs = (args.data?.split(',') ?? [undefined]).map((d) => resolveDataDir(d));
  const draws = Number(args.boot ?? 2000);
  const random = mulberry32(Number(args.seed ?? 7));
  console.log(
    `# bench:anomaly-by-step: production at ≥${DEFAULT_EVENTS.likelihood.threshold}, quiet ${DEFAULT_EVENTS.likelihood.refractoryMs / 3_600_000}h, and leave-one-series-out within each folder`,
  );
  const all: Row[] = [];
  for (const dir of dirs) {
    const { rows, loo, fixed } = scoreFolder(dir);
    console.log(
      `${basename(dir)}: ${rows.length} series, NAB LOO ${loo.toFixed(1)}, fixed ${fixed.toFixed(1)}`,
    );
    all.push(...rows);
  }
  console.log('\nwindows in points at each step (settings.ts):');
  for (const step of [...new Set(all.map((r) => r.stepMin))].sort((a, b) => a - b)) {
    const o = likelihoodOptions(step * MINUTE);
    console.log(
      `  ${step} min: short ${o.shortPoints}, long ${o.longPoints}, warm-up ${o.warmUp}, half-life ${o.halfLife}, hour ${o.hourPoints}, day ${o.period}`,
    );
  }
  console.log(`\npooled over ${dirs.length} folder(s), ${all.length} series:`);
  table(all, draws, random);
  if (args['per-folder'] === true)
    for (const folder of [...new Set(all.map((r) => r.folder))]) {
      console.log(`\n${folder}:`);
      table(
        all.filter((r) => r.folder === folder),
        0,
        random,
      );
    }
}

main();
