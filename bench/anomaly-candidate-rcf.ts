/**
 * The Random Cut Forest candidates of bench:anomaly-candidates (issue 13), a different family from
 * production's forecast errors, fixed before any scoring (src/anomaly/rcf):
 * - `rcf`: the forest's CoDisp over shingles of 8 values, judged as a likelihood stream (10 points
 *   and 6 hours against its learned distribution), −log10 tail × 2;
 * - `production + rcf`: the larger of the two scores, both as −log10 tails under one Bonferroni
 *   factor for all 6 + 2 tests (production's new extremes and jumps keep their fixed score).
 * The forest's tails are computed once per series and shared by both rules.
 */
import { RCF_TESTS, rcfOptions, rcfTails, tailScore } from '../src/anomaly/rcf';
import { PRODUCTION_TESTS, withTestsJoined, type CandidateSeries } from './anomaly-candidate-rules';

const tailsOf = new WeakMap<CandidateSeries, number[]>();

/** The forest's per-point tails for `s` (the batch form, from a fresh forest). */
export function forestTails(s: CandidateSeries): number[] {
  return rcfTails(s.values, rcfOptions(s.stepMs));
}

function cachedTails(s: CandidateSeries): number[] {
  let tails = tailsOf.get(s);
  if (tails === undefined) {
    tails = forestTails(s);
    tailsOf.set(s, tails);
  }
  return tails;
}

/** The forest alone. */
export function rcfCandidate(s: CandidateSeries): number[] {
  return cachedTails(s).map((tail) => tailScore(tail, RCF_TESTS));
}

/** Production's score and the forest's, the larger per row, each tested 6 + 2 times. */
export function withRcf(s: CandidateSeries, production: readonly number[]): number[] {
  const tests = PRODUCTION_TESTS + RCF_TESTS;
  const tails = cachedTails(s);
  return production.map((score, i) =>
    Math.max(withTestsJoined(score, tests), tailScore(tails[i] as number, tests)),
  );
}
