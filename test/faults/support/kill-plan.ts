import { mulberry32 } from '../../../src/forecast/tfjs/prng';

/**
 * Where each kill lands, as a fraction of a clean cycle's wall time: drawn from a fixed seed, so a
 * run can be repeated (the wall time itself is measured in the same run, on the same machine).
 */
export function killFractions(seed: number, kills: number): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: kills }, () => random());
}
