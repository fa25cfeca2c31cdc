/**
 * `npm run bench:anomaly-synthetic -- --out <dir> [--seed N] [--series N] [--mix basic|varied]`:
 * writes labelled synthetic series in NAB's format (one `timestamp,value` CSV per series and an
 * `anomaly_windows.json`), to check that a detector carries over to kinds of series it was not
 * calibrated on. `basic` (the default, seed 2026 gives the 12 series the README quotes): spikes,
 * level shifts, variance changes and slow drifts planted on daily (and weekly) seasonal baselines
 * with noise, at 5-minute, 30-minute and hourly steps. `varied` (anomaly-synthetic-varied.ts): seven
 * baseline shapes, six steps, irregular rows, heavy-tailed and quantised noise, benign spikes and
 * eleven anomaly kinds. Windows are NAB's: 10% of the file's rows split evenly among its
 * anomalies, centred on each anomaly's start. Then: `npm run bench:anomaly -- --data <dir>`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../src/forecast/tfjs/prng';
import { variedSeries } from './anomaly-synthetic-varied';

const KINDS = ['spike', 'level', 'variance', 'drift'] as const;
type Kind = (typeof KINDS)[number];
const STEPS_MIN = [5, 30, 60];

interface Planted {
  readonly kind: Kind;
  readonly at: number;
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** One series: rows, the anomalies planted and its step. */
function makeSeries(k: number, seed: number): { values: number[]; planted: Planted[]; stepMin: number } {
  const random = mulberry32(seed + 97 * k);
  const stepMin = STEPS_MIN[k % STEPS_MIN.length] as number;
  const perDay = (24 * 60) / stepMin;
  const n = Math.round(perDay * (14 + random() * 14));
  const base = 20 + random() * 60;
  const amplitude = base * (0.05 + random() * 0.4);
  const weekly = random() < 0.4 ? amplitude * 0.3 : 0;
  const noise = base * (0.01 + random() * 0.08);
  const count = 1 + Math.floor(random() * 3);
  const planted: Planted[] = [];
  for (let a = 0; a < count; a++) {
    // After NAB's probationary 15%, spread over the rest, at least two days apart.
    const at = Math.round(n * (0.2 + (0.75 * (a + random() * 0.8)) / count));
    planted.push({ kind: KINDS[Math.floor(random() * KINDS.length)] as Kind, at });
  }
  const values: number[] = [];
  let drift = 0;
  for (let i = 0; i < n; i++) {
    const day = (2 * Math.PI * i) / perDay;
    let v = base + amplitude * Math.sin(day) + weekly * Math.sin(day / 7);
    let sd = noise;
    for (const p of planted) {
      if (p.kind === 'spike' && i >= p.at && i < p.at + Math.max(1, perDay / 96)) v += 6 * noise + amplitude;
      if (p.kind === 'level' && i >= p.at) v += 4 * noise + 0.5 * amplitude;
      if (p.kind === 'variance' && i >= p.at && i < p.at + perDay) sd *= 5;
      if (p.kind === 'drift' && i >= p.at && i < p.at + 2 * perDay) drift += (3 * amplitude) / (2 * perDay);
    }
    values.push(Math.max(0, v + drift + sd * gaussian(random)));
  }
  return { values, planted, stepMin };
}

const stamp = (t: number): string => new Date(t).toISOString().slice(0, 19).replace('T', ' ');

/** A series as rows: its name, row offsets from the start (ms), values and anomaly start rows. */
interface Written {
  readonly name: string;
  readonly offsets: readonly number[];
  readonly values: readonly number[];
  readonly starts: readonly number[];
}

function basicSeries(k: number, seed: number): Written {
  const { values, planted, stepMin } = makeSeries(k, seed);
  const name = `synthetic_${String(k).padStart(2, '0')}_${stepMin}min_${planted.map((p) => p.kind).join('-')}`;
  const offsets = values.map((_, i) => i * stepMin * 60_000);
  return { name, offsets, values, starts: planted.map((p) => p.at) };
}

function main(): void {
  const { values: args } = parseArgs({
    options: {
      out: { type: 'string' },
      seed: { type: 'string' },
      series: { type: 'string' },
      mix: { type: 'string' },
    },
  });
  if (args.out === undefined) throw new Error('--out <dir> is required');
  const mix = args.mix ?? 'basic';
  if (mix !== 'basic' && mix !== 'varied') throw new Error(`--mix must be basic or varied, got ${mix}`);
  const out = resolve(args.out);
  const seed = Number(args.seed ?? 2026);
  const count = Number(args.series ?? 12);
  mkdirSync(out, { recursive: true });
  const windows: Record<string, [string, string][]> = {};
  const start = Date.UTC(2026, 0, 5);
  for (let k = 0; k < count; k++) {
    const series =
      mix === 'basic'
        ? basicSeries(k, seed)
        : ((v) => ({ ...v, starts: v.anomalies.map((a) => a.at) }))(variedSeries(k, seed));
    const { name, offsets, values, starts } = series;
    const at = (i: number): number => start + (offsets[i] as number);
    const rows = values.map((v, i) => `${stamp(at(i))},${v.toFixed(3)}`);
    writeFileSync(join(out, `${name}.csv`), `timestamp,value\n${rows.join('\n')}\n`);
    const half = Math.floor((0.1 * values.length) / starts.length / 2);
    windows[`synthetic/${name}.csv`] = starts.map((i) => [
      `${stamp(at(Math.max(0, i - half)))}.000000`,
      `${stamp(at(Math.min(values.length - 1, i + half)))}.000000`,
    ]);
  }
  writeFileSync(join(out, 'anomaly_windows.json'), `${JSON.stringify(windows, null, 2)}\n`);
  console.log(`wrote ${count} ${mix} labelled series to ${out}`);
}

main();
