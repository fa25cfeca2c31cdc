/**
 * Generated hosts for covariate tests and `bench:accuracy -- --covariates`: a CPU series and three
 * other series of the same host, hourly. On a `leading` host the first other series (traffic)
 * drives CPU `lead` steps later, so its newest values tell where CPU goes next; on a `noise` host
 * the others are independent of CPU. Seeded: the same seed gives the same host.
 */
import { mulberry32 } from '../../src/forecast/tfjs/prng';

export interface GeneratedHost {
  readonly name: string;
  readonly cpu: number[];
  /** The host's other series by name; `traffic` first. */
  readonly others: Readonly<Record<string, number[]>>;
}

export interface HostOptions {
  readonly seed: number;
  readonly length: number;
  /** Steps by which traffic leads CPU on a leading host. */
  readonly lead: number;
  readonly leading: boolean;
}

const DAY = 24;

/** A daily shape plus an AR(1) wander: the wander is what no seasonal model can foresee. */
function wandering(random: () => number, length: number, phase: number, level: number): number[] {
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const out: number[] = [];
  let ar = 0;
  for (let t = 0; t < length; t++) {
    ar = 0.85 * ar + 6 * gauss();
    out.push(level + 15 * Math.sin((2 * Math.PI * (t + phase)) / DAY) + ar);
  }
  return out;
}

/** One host: CPU and three other series (traffic, memory, disk). */
export function generateHost(options: HostOptions): GeneratedHost {
  const random = mulberry32(options.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const { length, lead } = options;
  const traffic = wandering(random, length + lead, 0, 100);
  const memory = wandering(random, length, 5, 60);
  const disk = wandering(random, length, 11, 40);
  const cpu = options.leading
    ? Array.from({ length }, (_, t) => 10 + 0.4 * (traffic[t] as number) + 0.5 * gauss())
    : wandering(random, length, 3, 50);
  const others = { traffic: traffic.slice(lead), memory, disk };
  const kind = options.leading ? `leading-${lead}` : 'noise';
  return { name: `host-${kind}-${options.seed}`, cpu, others };
}
