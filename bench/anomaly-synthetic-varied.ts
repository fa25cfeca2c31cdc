/**
 * The varied mix of `bench:anomaly-synthetic` (`--mix varied`): series meant to look unlike each
 * other and unlike the bundled corpus, so a detector calibrated on some carries over to the rest
 * only if it is general. Per series, drawn from a seeded PRNG:
 * - a step of 1, 5, 10, 15, 30 or 60 minutes, 1,500–9,000 rows (a third 10,000–25,000), sometimes
 *   irregular (jittered stamps, gaps);
 * - a baseline shape: daily sine, office hours with quiet weekends, double-humped traffic with a
 *   weekly cycle, a flat level, a wandering level (AR(1), like a temperature), periodic batch jobs,
 *   or bursts from near zero (like disk writes);
 * - noise Gaussian or heavy-tailed, sometimes quantised, sometimes with unlabelled benign spikes
 *   (the false alarms a real metric tempts a detector with);
 * - 1–4 anomalies of 11 kinds, sizes from subtle to obvious (not every one is detectable).
 */
import { mulberry32 } from '../src/forecast/tfjs/prng';

export const VARIED_KINDS = [
  'spike',
  'dip',
  'level-up',
  'level-down',
  'variance',
  'drift',
  'seasonal-break',
  'flatline',
  'plateau',
  'burst-train',
  'outage',
] as const;
export type VariedKind = (typeof VARIED_KINDS)[number];
const SHAPES = ['sine', 'office', 'traffic', 'flat', 'wander', 'batch', 'bursty'] as const;
const STEPS_MIN = [1, 5, 10, 15, 30, 60];

export interface VariedSeries {
  readonly name: string;
  /** Row times as offsets from the start, ms (irregular series have jitter and gaps). */
  readonly offsets: number[];
  readonly values: number[];
  /** Row index of each anomaly's start. */
  readonly anomalies: { readonly kind: VariedKind; readonly at: number }[];
}

const MINUTE = 60_000;
const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The baseline at time `t` (ms from a Monday midnight) and its typical swing. */
function baseline(shape: (typeof SHAPES)[number], random: () => number): (t: number, i: number) => number {
  const level = 10 + random() * 90;
  const swing = level * (0.1 + random() * 0.6);
  const day = (t: number): number => (t / (24 * 60 * MINUTE)) % 7;
  const hour = (t: number): number => (day(t) % 1) * 24;
  const weekend = (t: number): boolean => day(t) >= 5;
  let walk = 0;
  const batchEvery = pick(random, [2, 4, 6, 12]);
  const burstRate = 0.002 + random() * 0.02;
  let burst = 0;
  switch (shape) {
    case 'sine':
      return (t) => level + swing * Math.sin((2 * Math.PI * hour(t)) / 24);
    case 'office':
      return (t) => level + (!weekend(t) && hour(t) >= 9 && hour(t) < 18 ? swing : 0);
    case 'traffic':
      return (t) =>
        (level +
          swing * (Math.exp(-((hour(t) - 8.5) ** 2) / 3) + 1.3 * Math.exp(-((hour(t) - 18) ** 2) / 5))) *
        (weekend(t) ? 0.6 : 1);
    case 'flat':
      return () => level;
    case 'wander':
      return (t) => {
        walk = 0.995 * walk + 0.02 * swing * gaussian(random);
        return level + walk + 0.3 * swing * Math.sin((2 * Math.PI * hour(t)) / 24);
      };
    case 'batch':
      return (t) => level + (hour(t) % batchEvery < 0.5 ? swing * 2 : 0);
    case 'bursty':
      return () => {
        if (burst > 0) burst--;
        else if (random() < burstRate) burst = 1 + Math.floor(random() * 6);
        return burst > 0 ? level * (5 + 10 * random()) : level * 0.02;
      };
  }
}

/** One varied series (deterministic in `seed` and `k`). */
export function variedSeries(k: number, seed: number): VariedSeries {
  const random = mulberry32(seed * 7919 + 31 * k);
  const stepMin = pick(random, STEPS_MIN);
  // A third are long (10,000–25,000 rows: months at 5 minutes), where false alarms add up.
  const n = Math.round(random() < 0.3 ? 10_000 + random() * 15_000 : 1500 + random() * 7500);
  const shape = pick(random, SHAPES);
  const base = baseline(shape, random);
  const irregular = random() < 0.2;
  const heavy = random() < 0.4;
  const grain = random() < 0.25 ? pick(random, [0.1, 1, 5]) : 0;
  const benignRate = random() < 0.4 ? 0.001 + random() * 0.004 : 0;
  const probe = Array.from({ length: 2000 }, (_, i) => base(i * stepMin * MINUTE, i));
  const spread = Math.max(...probe) - Math.min(...probe) || Math.abs(probe[0] ?? 1) || 1;
  const typical = probe.reduce((s, v) => s + Math.abs(v), 0) / probe.length;
  const noise = Math.max(spread, 0.2 * typical) * (0.02 + random() * 0.12);
  const count = 1 + Math.floor(random() * 4);
  const anomalies = Array.from({ length: count }, (_, a) => ({
    kind: pick(random, VARIED_KINDS),
    at: Math.round(n * (0.2 + (0.75 * (a + 0.1 + random() * 0.7)) / count)),
    size: 0.5 + random() * 2.5,
    rows: Math.max(3, Math.round(((1 + random() * 11) * 60) / stepMin)),
  }));
  const offsets: number[] = [];
  const values: number[] = [];
  let drift = 0;
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += stepMin * MINUTE * (irregular ? 0.7 + 0.6 * random() + (random() < 0.02 ? 3 : 0) : 1);
    let v = base(t, i);
    let sd = noise;
    let stuck = false;
    for (const a of anomalies) {
      const inside = i >= a.at && i < a.at + a.rows;
      const jump = a.size * (3 * noise + 0.3 * spread);
      if (a.kind === 'spike' && i >= a.at && i < a.at + 2) v += jump * 2;
      if (a.kind === 'dip' && inside) v -= Math.min(jump * 2, Math.abs(v) * 0.9);
      if (a.kind === 'level-up' && i >= a.at) v += jump;
      if (a.kind === 'level-down' && i >= a.at) v -= Math.min(jump, Math.abs(v) * 0.8);
      if (a.kind === 'variance' && inside) sd *= 2 + 2 * a.size;
      if (a.kind === 'drift' && inside) drift += (jump * 1.5) / a.rows;
      if (a.kind === 'seasonal-break' && inside) v = base(t - 3.5 * 24 * 60 * MINUTE, i);
      if (a.kind === 'flatline' && inside) stuck = true;
      if (a.kind === 'plateau' && inside) v += jump;
      if (a.kind === 'burst-train' && inside && i % 3 === 0) v += jump * 1.5;
      if (a.kind === 'outage' && inside) v = 0;
    }
    const last = values[values.length - 1];
    const heavyNoise = heavy ? gaussian(random) / Math.sqrt(Math.max(0.05, random())) / 2 : gaussian(random);
    let x = stuck && last !== undefined ? last : v + drift + sd * heavyNoise;
    if (random() < benignRate) x += (2 + 4 * random()) * noise + 0.3 * spread * random();
    if (grain > 0) x = Math.round(x / grain) * grain;
    offsets.push(Math.round(t));
    values.push(Math.max(0, x));
  }
  const name = `varied_${String(k).padStart(2, '0')}_${stepMin}min_${shape}_${anomalies.map((a) => a.kind).join('-')}`;
  return { name, offsets, values, anomalies: anomalies.map(({ kind, at }) => ({ kind, at })) };
}
