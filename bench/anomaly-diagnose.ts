/**
 * `npm run bench:anomaly-diagnose -- [--data <dir>[,<dir>…]] [--windows <labels.json>]`: where the
 * production detector (`likelihood` at `DEFAULT_EVENTS.likelihood`, fixed in advance) loses NAB
 * points, per folder: labelled windows it misses, how late in the window it catches the rest, and
 * how many false alarms it pays. NAB standard weights: a miss costs 1 against 0 for no window, so
 * against a catch in the middle of the window (worth ~0.85) about 1.85; a distant false alarm 0.11.
 * Prints each folder's NAB score, the score it would have with no false alarms, and with every
 * window caught at its first row, so the gap to a target reads as misses or as false alarms.
 */
import { parseArgs } from 'node:util';
import {
  DEFAULT_EVENTS,
  NAB_STANDARD,
  detect,
  likelihoodOptions,
  likelihoodScores,
  nabRowWeight,
  probationLength,
  type Detection,
  type IndexWindow,
} from '../src/anomaly';
import { loadLabelled, resolveDataDir, resolveLabels, type LabelledSeries } from './anomaly-data';

/** One folder's losses under production's setting. */
interface Diagnosis {
  windows: number;
  missed: number;
  /** Relative position of the first detection in each caught window (0 at its start, 1 at its end). */
  positions: number[];
  /** Credit of the caught windows (1 for a catch at the first row). */
  credit: number;
  falseAlarms: number;
  falseAlarmCost: number;
  /** The missed windows, as series[first..last] rows (printed with --misses). */
  misses: string[];
}

function diagnose(dir: string, labelsFile?: string): Diagnosis {
  const out: Diagnosis = {
    windows: 0,
    missed: 0,
    positions: [],
    credit: 0,
    falseAlarms: 0,
    falseAlarmCost: 0,
    misses: [],
  };
  for (const s of loadLabelled(dir, resolveLabels(dir, labelsFile))) addSeries(out, s);
  return out;
}

/** Adds one series' windows and false alarms under production's setting to `out`. */
function addSeries(out: Diagnosis, s: LabelledSeries): void {
  const scores = likelihoodScores(s.values, likelihoodOptions(s.stepMs), s.times);
  const from = probationLength(s.values.length);
  const detections = detect(
    { scores, windows: s.windows, from, stepMs: s.stepMs },
    DEFAULT_EVENTS.likelihood,
  );
  const ordered = [...s.windows].sort((a, b) => a.first - b.first);
  const within = (w: IndexWindow): Detection[] =>
    detections.filter((d) => d.index >= w.first && d.index <= w.last);
  for (const w of ordered.filter((x) => x.last >= from)) {
    out.windows++;
    const caught = within(w);
    if (caught.length === 0) {
      out.missed++;
      out.misses.push(`${s.name}[${w.first}..${w.last}]`);
      continue;
    }
    out.positions.push(((caught[0] as Detection).index - w.first) / Math.max(1, w.last - w.first));
    out.credit += Math.max(...caught.map((d) => nabRowWeight(d.index, ordered)));
  }
  for (const d of detections) {
    if (d.index < from || ordered.some((w) => d.index >= w.first && d.index <= w.last)) continue;
    out.falseAlarms++;
    out.falseAlarmCost -= nabRowWeight(d.index, ordered);
  }
}

/** NAB normalised from window credit, misses and false-alarm cost. */
function nab(windows: number, credit: number, missed: number, fpCost: number): number {
  const raw = credit - missed * NAB_STANDARD.fn - fpCost;
  return (100 * (raw + windows)) / (2 * windows);
}

function report(name: string, d: Diagnosis): string {
  const sorted = [...d.positions].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  const late = d.positions.filter((p) => p > 0.5).length;
  const fullCredit = d.windows - d.missed;
  return [
    name.padEnd(18),
    `${d.windows}`.padStart(4),
    `${d.missed}`.padStart(6),
    `${median.toFixed(2)}`.padStart(7),
    `${late}`.padStart(6),
    `${d.falseAlarms}`.padStart(5),
    d.falseAlarmCost.toFixed(2).padStart(7),
    nab(d.windows, d.credit, d.missed, d.falseAlarmCost).toFixed(1).padStart(6),
    nab(d.windows, d.credit, d.missed, 0).toFixed(1).padStart(7),
    nab(d.windows, d.credit + d.missed * 0.85, 0, d.falseAlarmCost)
      .toFixed(1)
      .padStart(8),
    nab(d.windows, fullCredit, d.missed, d.falseAlarmCost).toFixed(1).padStart(8),
  ].join(' ');
}

function main(): void {
  const { values: args } = parseArgs({
    options: { data: { type: 'string' }, windows: { type: 'string' }, misses: { type: 'boolean' } },
  });
  const dirs = args.data === undefined ? [resolveDataDir(undefined)] : args.data.split(',');
  console.log(
    `# bench:anomaly-diagnose: likelihood at production's setting ≥${DEFAULT_EVENTS.likelihood.threshold}, quiet ${DEFAULT_EVENTS.likelihood.refractoryMs / 3_600_000}h`,
  );
  console.log('folder             win missed medpos  late   FPs  FPcost    NAB  noFPs  misses@.5  firstRow');
  for (const dir of dirs) {
    const d = diagnose(dir, args.windows);
    console.log(report(dir.split('/').pop() ?? dir, d));
    if (args.misses === true) console.log(`  missed: ${d.misses.join(' ')}`);
  }
  console.log(
    '\nmedpos: median position of the first catch in its window; late: catches past the middle;\n' +
      'noFPs: NAB without the false alarms; misses@.5: every miss caught mid-window; firstRow: every catch at the first row.',
  );
}

main();
