/**
 * `npm run bench:anomaly-misses -- [--data <dir>[,<dir>…]] [--windows <labels.json>] [--quiet]`:
 * every labelled window the production detector misses (`likelihood`, the detector the cycle runs,
 * at `DEFAULT_EVENTS.likelihood`, fixed in advance), per folder, with the kind of each miss
 * (anomaly-miss-kinds.ts: the generator's label on generated series, rules on the rows otherwise),
 * then counts per kind. `--data` defaults to the bundled NAB folder; generated folders come from
 * `npm run bench:anomaly-synthetic` (`--mix basic` seed 2026, `--mix varied --series 40` seeds 1–4,
 * as the other anomaly benches use). `--quiet` prints the counts only.
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_EVENTS,
  detect,
  likelihoodOptions,
  likelihoodScores,
  probationLength,
  type IndexWindow,
} from '../src/anomaly';
import { loadLabelled, resolveDataDir, resolveLabels, type LabelledSeries } from './anomaly-data';
import { generatorKinds, ruleKind } from './anomaly-miss-kinds';

interface Miss {
  readonly series: string;
  readonly window: IndexWindow;
  /** The generator's label, or the rules' kind on other series. */
  readonly kind: string;
  /** The rules' kind (shown beside a generator's label, to check the rules). */
  readonly ruled: string;
}

/** The windows (after NAB's probation) of `s` that production's detections never reach. */
function missesOf(s: LabelledSeries): { windows: number; misses: Miss[] } {
  const options = likelihoodOptions(s.stepMs);
  const scores = likelihoodScores(s.values, options, s.times);
  const from = probationLength(s.values.length);
  const found = detect({ scores, windows: s.windows, from, stepMs: s.stepMs }, DEFAULT_EVENTS.likelihood);
  const labels = generatorKinds(s);
  const misses: Miss[] = [];
  let windows = 0;
  s.windows.forEach((w, k) => {
    if (w.last < from) return;
    windows++;
    if (found.some((d) => d.index >= w.first && d.index <= w.last)) return;
    const ruled = ruleKind(s, w, options.warmUp);
    const kind = ruled === 'learning period' ? ruled : (labels?.[k] ?? ruled);
    misses.push({ series: s.name, window: w, kind, ruled });
  });
  return { windows, misses };
}

function countsOf(misses: readonly Miss[], key: (m: Miss) => string): string {
  const counts = new Map<string, number>();
  for (const m of misses) counts.set(key(m), (counts.get(key(m)) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
}

function main(): void {
  const { values: args } = parseArgs({
    options: { data: { type: 'string' }, windows: { type: 'string' }, quiet: { type: 'boolean' } },
  });
  const dirs = args.data === undefined ? [resolveDataDir(undefined)] : args.data.split(',');
  const { threshold, refractoryMs } = DEFAULT_EVENTS.likelihood;
  console.log(
    `# bench:anomaly-misses: likelihood at production's setting ≥${threshold}, quiet ${refractoryMs / 3_600_000}h`,
  );
  const all: Miss[] = [];
  for (const dir of dirs.filter((d) => d !== '')) {
    const series = loadLabelled(dir, resolveLabels(dir, args.windows));
    const results = series.map(missesOf);
    const misses = results.flatMap((r) => r.misses);
    const windows = results.reduce((n, r) => n + r.windows, 0);
    console.log(`\n${basename(dir)}: ${misses.length} of ${windows} scored windows missed`);
    if (args.quiet !== true)
      for (const m of misses) {
        const rules = m.ruled === m.kind ? '' : ` (rules: ${m.ruled})`;
        console.log(`  ${m.series}[${m.window.first}..${m.window.last}]: ${m.kind}${rules}`);
      }
    console.log(`  per kind: ${countsOf(misses, (m) => m.kind)}`);
    all.push(...misses);
  }
  if (dirs.length > 1) console.log(`\nall folders, per kind: ${countsOf(all, (m) => m.kind)}`);
  const labelled = all.filter((m) => m.kind !== m.ruled || /^(synthetic|varied)_/.test(m.series));
  if (labelled.length > 0)
    console.log(
      `rules against generator labels (label → rules): ${countsOf(labelled, (m) => `${m.kind} → ${m.ruled}`)}`,
    );
}

main();
