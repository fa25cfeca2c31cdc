/**
 * What kind of anomaly a missed window holds, for bench:anomaly-misses. Generated series carry
 * their generator's labels in their names (`synthetic_03_5min_spike-drift`, `varied_…_flatline`,
 * one kind per window, in window order), and those are used as they are. Other series (the bundled
 * corpus) get a kind from simple rules on the rows, written before any miss was looked at and checked
 * against the generator's labels (the bench prints both for generated misses). In order:
 * - learning period: the labelled start lies inside the detector's learning period;
 * - quiet gap / flatline: after the labelled start, the series stops reporting (a gap between rows
 *   longer than 3 steps and than every gap before the window) or stops varying (a run of unchanged
 *   rows longer than 3 and than every run before the window). Revised once after the first run: a
 *   rule on hourly spreads called the zeros of ec2_disk_write_bytes_c0d644 "other";
 * - stopped periodic spikes: the history shows ≥3 regular spikes (median + 5 robust σ) and none
 *   comes within 1.5 usual gaps after the labelled start;
 * - single spike: one or two rows beyond 5 robust σ of their neighbours' median, which come back;
 * - drift: the window's last quarter sits 3 robust σ from the day before the window, without a
 *   one-row change of half that size (with one: level shift);
 * - seasonal break: after the start, rows differ from the same time a day earlier twice as much as
 *   days did before the window;
 * - other.
 */
import type { IndexWindow } from '../src/anomaly';
import { median, robustScale } from '../src/anomaly/stats';
import type { LabelledSeries } from './anomaly-data';
import { VARIED_KINDS } from './anomaly-synthetic-varied';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GENERATED_KINDS = new Set<string>([...VARIED_KINDS, 'level']);

type MissSeries = LabelledSeries;

/** The generator's kind of each window (in window order), or undefined for other series. */
export function generatorKinds(s: MissSeries): string[] | undefined {
  if (!/^(synthetic|varied)_/.test(s.name)) return undefined;
  const kinds = (s.name.split('_').pop() ?? '').split('-');
  // Names join kinds with '-', and two kinds hold one ('level-up', 'seasonal-break'): rejoin them.
  const joined: string[] = [];
  for (let i = 0; i < kinds.length; i++) {
    const two = `${kinds[i]}-${kinds[i + 1]}`;
    if (GENERATED_KINDS.has(two)) {
      joined.push(two);
      i++;
    } else joined.push(kinds[i] as string);
  }
  const ok = joined.length === s.windows.length && joined.every((k) => GENERATED_KINDS.has(k));
  return ok ? joined : undefined;
}

/** The rule-based kind of window `w` of `s` (`warmUp`: the detector's learning rows). */
export function ruleKind(s: MissSeries, w: IndexWindow, warmUp: number): string {
  const start = Math.round((w.first + w.last) / 2);
  if (start < warmUp) return 'learning period';
  const before = s.values.slice(0, w.first);
  const scale = Math.max(robustScale(before), 1e-9 * Math.abs(median(before)), 1e-12);
  if (quiet(s, w, start)) return 'quiet gap / flatline';
  if (stoppedSpikes(s, w, start, scale)) return 'stopped periodic spikes';
  if (singleSpike(s.values, w, scale)) return 'single spike';
  const drift = driftKind(s, w, scale);
  if (drift !== undefined) return drift;
  if (seasonalBreak(s, w, start)) return 'seasonal break';
  return 'other';
}

const rowsOf = (ms: number, stepMs: number): number => Math.max(1, Math.round(ms / stepMs));

function quiet(s: MissSeries, w: IndexWindow, start: number): boolean {
  const gap = (i: number): number => (s.times[i] as number) - (s.times[i - 1] as number);
  let longest = 3 * s.stepMs;
  for (let i = 1; i < w.first; i++) longest = Math.max(longest, gap(i));
  for (let i = Math.max(1, start); i <= w.last; i++) if (gap(i) > longest) return true;
  // Unchanged rows: the longest run before the window, against the run reaching past the start.
  let run = 1;
  let longestRun = 3;
  for (let i = 1; i <= w.last; i++) {
    run = s.values[i] === s.values[i - 1] ? run + 1 : 1;
    if (i < w.first) longestRun = Math.max(longestRun, run);
    else if (i >= start && run > longestRun) return true;
  }
  return false;
}

/** Starts of runs above `level` among rows [from, to). */
function spikeStarts(values: readonly number[], level: number, from: number, to: number): number[] {
  const starts: number[] = [];
  for (let i = Math.max(1, from); i < to; i++)
    if ((values[i] as number) > level && !((values[i - 1] as number) > level)) starts.push(i);
  return starts;
}

function stoppedSpikes(s: MissSeries, w: IndexWindow, start: number, scale: number): boolean {
  const level = median(s.values.slice(0, w.first)) + 5 * scale;
  const past = spikeStarts(s.values, level, 0, w.first);
  if (past.length < 3) return false;
  const gaps = past.slice(1).map((p, i) => p - (past[i] as number));
  const usual = median(gaps);
  const regular = gaps.filter((g) => Math.abs(g - usual) <= 0.25 * usual).length >= 0.6 * gaps.length;
  const until = Math.min(s.values.length, start + Math.ceil(1.5 * usual));
  if (!regular || until > w.last + 1) return false;
  return spikeStarts(s.values, level, start, until).length === 0;
}

function singleSpike(values: readonly number[], w: IndexWindow, scale: number): boolean {
  for (let i = Math.max(3, w.first); i <= Math.min(w.last, values.length - 4); i++) {
    const around = [...values.slice(i - 3, i), ...values.slice(i + 2, i + 5)];
    const centre = median(around);
    const far = (v: number): boolean => Math.abs(v - centre) > 5 * scale;
    if (far(values[i] as number) && !far(values[i + 3] as number) && !far(values[i - 1] as number))
      return true;
  }
  return false;
}

function driftKind(s: MissSeries, w: IndexWindow, scale: number): string | undefined {
  const day = rowsOf(DAY, s.stepMs);
  const prior = median(s.values.slice(Math.max(0, w.first - day), w.first));
  const quarter = Math.max(1, Math.round((w.last - w.first + 1) / 4));
  const late = median(s.values.slice(w.last + 1 - quarter, w.last + 1));
  const moved = Math.abs(late - prior);
  if (!(moved > 3 * scale)) return undefined;
  for (let i = w.first + 1; i <= w.last; i++)
    if (Math.abs((s.values[i] as number) - (s.values[i - 1] as number)) > moved / 2) return 'level shift';
  return 'drift';
}

function seasonalBreak(s: MissSeries, w: IndexWindow, start: number): boolean {
  const day = rowsOf(DAY, s.stepMs);
  const diff = (i: number): number => Math.abs((s.values[i] as number) - (s.values[i - day] as number));
  const usual: number[] = [];
  for (let i = day; i < w.first; i++) usual.push(diff(i));
  const after: number[] = [];
  for (let i = Math.max(start, day); i <= w.last; i++) after.push(diff(i));
  if (usual.length < day || after.length === 0) return false;
  return median(after) > 2 * Math.max(median(usual), 1e-12);
}
