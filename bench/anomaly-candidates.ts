/**
 * `npm run bench:anomaly-candidates -- --generated <dir>[,<dir>…] --fresh <dir>[,<dir>…]
 * [--bundled <dir>] [--rules <part>[,<part>…]] [--detail]`: production's likelihood detector against rules
 * fixed in advance (anomaly-candidate-rules.ts: quiet gap, day scale; anomaly-candidate-cusum.ts,
 * -hourly-scale.ts, -recalibrate.ts, -coarse.ts: the second round; -coarse.ts's hourly maxima,
 * minima and range and -cusum.ts's peaks-over-threshold tail: a third; anomaly-candidate-rcf.ts: a
 * Random Cut Forest; anomaly-candidate-step.ts: durations in points at fine and irregular steps;
 * anomaly-candidate-smoothed.ts: a Holt-Winters forecast's errors as one more stream), in one run,
 * on three kinds of folder: the bundled
 * NAB corpus, generated folders (bench:anomaly-synthetic: basic seed 2026, varied seeds 1–4) and
 * fresh generated folders (seeds nobody chose anything on). Per kind of folder: the mean NAB score
 * leave-one-series-out (each series at the best setting of the rest of its folder, over
 * bench:anomaly's grid) and at production's setting fixed in advance (≥4, 6 h quiet), with the
 * windows missed and false alarms at that setting. A candidate replaces production only if it is
 * ahead on every kind of folder (src/anomaly/README.md records the outcome). `--detail` adds the
 * Random Cut Forest round's protocol (anomaly-candidate-protocol.ts): per folder NAB and F1, a
 * setting chosen on the generated folders, and speed.
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_EVENTS,
  detect,
  folderNab,
  leaveOneOut,
  sumCounts,
  windowCounts,
  type LabelledScores,
} from '../src/anomaly';
import { LIKELIHOOD_GRID } from './anomaly-calibrate';
import { loadLabelled, resolveDataDir, resolveLabels, type LabelledSeries } from './anomaly-data';
import { productionScores, withDayScale, withQuietGap } from './anomaly-candidate-rules';
import { withCusum, type CusumChannel } from './anomaly-candidate-cusum';
import { withHourlyScale } from './anomaly-candidate-hourly-scale';
import { recalibrated } from './anomaly-candidate-recalibrate';
import { withHourly, withHourlyMeans } from './anomaly-candidate-coarse';
import { forestTails, rcfCandidate, withRcf } from './anomaly-candidate-rcf';
import { longCapped, meanGapIfIrregular } from './anomaly-candidate-step';
import { withSmoothed } from './anomaly-candidate-smoothed';
import {
  labelledScores,
  msPerThousand,
  printDetail,
  type Folder,
  type Rule,
} from './anomaly-candidate-protocol';

const cusumRules = (tail: CusumChannel['tail']): (readonly [string, readonly CusumChannel[]])[] => [
  [`cusum ${tail}: change up`, [{ forecast: 'best', direction: 'up', tail }]],
  [
    `cusum ${tail}: change, level, hour-of-day up`,
    [
      { forecast: 'best', direction: 'up', tail },
      { forecast: 'level', direction: 'up', tail },
      { forecast: 'hourOfDay', direction: 'up', tail },
    ],
  ],
  [
    `cusum ${tail}: … + last value down`,
    [
      { forecast: 'best', direction: 'up', tail },
      { forecast: 'level', direction: 'up', tail },
      { forecast: 'hourOfDay', direction: 'up', tail },
      { forecast: 'naive', direction: 'down', tail },
    ],
  ],
];

const RULES: readonly { readonly name: string; readonly rule: Rule }[] = [
  { name: 'production', rule: (_, p) => [...p] },
  { name: 'production + quiet gap', rule: withQuietGap },
  { name: 'production + day scale', rule: withDayScale },
  { name: 'coarse scale: hourly means', rule: (s, p) => withHourlyMeans(s, p, true) },
  { name: 'coarse scale: hourly means, no extremes', rule: (s, p) => withHourlyMeans(s, p, false) },
  { name: 'coarse max: hourly maxima', rule: (s, p) => withHourly(s, p, ['max'], true) },
  { name: 'coarse max: hourly maxima, no extremes', rule: (s, p) => withHourly(s, p, ['max'], false) },
  { name: 'coarse max: hourly maxima and minima', rule: (s, p) => withHourly(s, p, ['max', 'min'], true) },
  { name: 'coarse max: hourly range', rule: (s, p) => withHourly(s, p, ['range'], false) },
  {
    name: 'coarse scale + recalibrated: penalty',
    rule: (s, p) => recalibrated(s, withHourlyMeans(s, p, true), 'penalty'),
  },
  { name: 'recalibrated: penalty', rule: (s, p) => recalibrated(s, p, 'penalty') },
  { name: 'recalibrated: both ways', rule: (s, p) => recalibrated(s, p, 'both') },
  { name: 'hourly scale: change', rule: (s) => withHourlyScale(s, ['best']) },
  { name: 'hourly scale: change, level', rule: (s) => withHourlyScale(s, ['best', 'level']) },
  { name: 'hourly scale: change, last value', rule: (s) => withHourlyScale(s, ['best', 'naive']) },
  ...[
    ['cusum: none (= production)', []] as const,
    ...cusumRules('siegmund'),
    ...cusumRules('learned'),
    ...cusumRules('pot'),
  ].map(([name, channels]) => ({ name, rule: (s: LabelledSeries) => withCusum(s, channels) })),
  { name: 'rcf: CoDisp likelihood', rule: rcfCandidate },
  { name: 'production + rcf (max, ×8 tests)', rule: withRcf },
  { name: 'step: long window ≤ 72 points', rule: longCapped },
  { name: 'step: irregular rows, mean gap', rule: meanGapIfIrregular },
  { name: 'smoothed: 10 points and 6 hours', rule: (s) => withSmoothed(s, 'both') },
  { name: 'smoothed: 6 hours', rule: (s) => withSmoothed(s, 'long') },
];

interface FolderScore {
  readonly loo: number;
  readonly fixed: number;
  readonly missed: number;
  readonly falseAlarms: number;
}

function loadFolder(dir: string): Folder {
  const series = loadLabelled(dir, resolveLabels(dir, undefined));
  return { name: basename(dir), series, production: series.map(productionScores) };
}

function scoreFolder(folder: Folder, rule: Rule): FolderScore {
  const labelled: LabelledScores[] = labelledScores(folder, rule);
  const fixed = DEFAULT_EVENTS.likelihood;
  const counts = sumCounts(labelled.map((s) => windowCounts(detect(s, fixed), s.windows, s.from)));
  return {
    loo: folderNab(labelled, leaveOneOut(labelled, LIKELIHOOD_GRID)),
    fixed: folderNab(
      labelled,
      labelled.map(() => fixed),
    ),
    missed: counts.fn,
    falseAlarms: counts.fp,
  };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function cell(scores: readonly FolderScore[]): string {
  const loo = mean(scores.map((s) => s.loo)).toFixed(1);
  const fixed = mean(scores.map((s) => s.fixed)).toFixed(1);
  const missed = scores.reduce((n, s) => n + s.missed, 0);
  const fps = scores.reduce((n, s) => n + s.falseAlarms, 0);
  return `${loo.padStart(5)} ${fixed.padStart(5)} ${String(missed).padStart(4)} ${String(fps).padStart(4)}`;
}

function main(): void {
  const { values: args } = parseArgs({
    options: {
      bundled: { type: 'string' },
      generated: { type: 'string' },
      fresh: { type: 'string' },
      rules: { type: 'string' },
      detail: { type: 'boolean' },
    },
  });
  if (args.generated === undefined || args.fresh === undefined)
    throw new Error(
      '--generated <dir>[,<dir>…] and --fresh <dir>[,<dir>…] are required (bench:anomaly-synthetic writes them)',
    );
  const dirs = (list: string): string[] => list.split(',').filter((d) => d !== '');
  const kinds = [
    { name: 'bundled', folders: [loadFolder(resolveDataDir(args.bundled))] },
    { name: 'generated', folders: dirs(args.generated).map(loadFolder) },
    { name: 'fresh', folders: dirs(args.fresh).map(loadFolder) },
  ];
  console.log(`# bench:anomaly-candidates: fixed setting ≥${DEFAULT_EVENTS.likelihood.threshold}, quiet 6h`);
  for (const k of kinds)
    console.log(`${k.name}: ${k.folders.map((f) => `${f.name} (${f.series.length})`).join(', ')}`);
  console.log(
    '\nper kind of folder: mean NAB leave-one-out, mean NAB fixed, windows missed and false alarms (fixed)',
  );
  console.log(
    `${'rule'.padEnd(36)} ${kinds.map((k) => k.name.padEnd(21)).join(' | ')} | per folder LOO / fixed`,
  );
  // --rules a,b: only rules whose names contain one of these (production always runs).
  const wanted = args.rules?.split(',') ?? [''];
  const chosen = RULES.filter((r) => r.name === 'production' || wanted.some((w) => r.name.includes(w)));
  for (const r of chosen) {
    const scores = kinds.map((k) => k.folders.map((f) => scoreFolder(f, r.rule)));
    const perFolder = scores
      .flat()
      .map((s) => `${s.loo.toFixed(1)}/${s.fixed.toFixed(1)}`)
      .join(' ');
    console.log(`${r.name.padEnd(36)} ${scores.map(cell).join(' | ')} | ${perFolder}`);
  }
  if (args.detail === true) printProtocol(kinds, chosen);
}

/** The Random Cut Forest round's protocol lines (anomaly-candidate-protocol.ts). */
function printProtocol(
  kinds: Parameters<typeof printDetail>[1],
  chosen: readonly { name: string; rule: Rule }[],
): void {
  console.log('\nper folder: NAB (F1) leave-one-out / at the setting chosen on the generated folders');
  const means = chosen.map((r) => ({ name: r.name, means: printDetail(r.name, kinds, r.rule) }));
  const production = means.find((m) => m.name === 'production')?.means ?? {};
  for (const m of means.filter((x) => x.name !== 'production')) {
    const wins = kinds.every((k) => (m.means[k.name] ?? -Infinity) > (production[k.name] ?? Infinity));
    console.log(
      `${m.name}: ${wins ? 'wins' : 'does not win'} (ahead of production LOO on every kind: ${wins})`,
    );
  }
  const bundled = kinds[0]?.folders[0]?.series ?? [];
  const productionMs = msPerThousand(bundled, productionScores);
  const forestMs = msPerThousand(bundled, forestTails);
  console.log(
    `speed, bundled, ms per 1,000 points (best of 2): production ${productionMs.toFixed(1)}, rcf ${forestMs.toFixed(1)} (${(forestMs / productionMs).toFixed(1)}×), production + rcf ${(productionMs + forestMs).toFixed(1)}`,
  );
}

main();
