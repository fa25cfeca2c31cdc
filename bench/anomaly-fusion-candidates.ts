/**
 * The candidates bench:anomaly-fusion compares, production first. Every rule is fixed in advance
 * (anomaly-fusion-rules.ts); the logistic combiner learns only from series other than the scored
 * one. Names are those of the variants table in src/anomaly/README.md.
 */
import type { SeriesFeatures } from './anomaly-fusion-features';
import { logisticScores } from './anomaly-fusion-logistic';
import { PROD, SPATIAL, fast, fisher, jump, minP, sustained, union } from './anomaly-fusion-rules';

export interface Candidate {
  readonly name: string;
  /** Thresholds tried, in its score's units. */
  readonly thresholds: readonly number[];
  /** Scores of one series; `train` are the labelled series it may learn from (never itself). */
  readonly score: (s: SeriesFeatures, train: readonly SeriesFeatures[]) => Float64Array;
  readonly learns?: boolean;
  /** During a quiet time, whether `score` still alarms (`last`: the previous detection's score). */
  readonly breakThrough?: (score: number, last: number, threshold: number) => boolean;
}

const LIK_T = [2, 3, 4, 5, 6, 8, 10];
const FINE_T = [2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 8, 10];
const production = minP(PROD);

const FAST_TESTS = [['change1'], ['change3'], ['var1h'], ['level1h', 'hod1h']];
const fastRules: Candidate[] = [1, 2, 3].flatMap((d) =>
  FAST_TESTS.map((tests) => ({
    name: `fast ${tests.join('+')} beyond +${d}`,
    thresholds: LIK_T,
    score: fast(tests, d),
  })),
);

export const CANDIDATES: Candidate[] = [
  { name: 'production (min p of 6 tests ×6, spatial 8)', thresholds: LIK_T, score: production },
  { name: 'production, fine thresholds', thresholds: FINE_T, score: production },
  { name: 'fisher 6 tests', thresholds: FINE_T, score: fisher(PROD) },
  { name: 'fisher top 2 of 6', thresholds: FINE_T, score: fisher(PROD, 2) },
  { name: 'fisher top 3 of 6', thresholds: FINE_T, score: fisher(PROD, 3) },
  { name: '+ change1, change3 (×8)', thresholds: LIK_T, score: minP([...PROD, 'change1', 'change3']) },
  { name: '+ change3 (×7)', thresholds: LIK_T, score: minP([...PROD, 'change3']) },
  { name: '+ level1h, hod1h (×8)', thresholds: LIK_T, score: minP([...PROD, 'level1h', 'hod1h']) },
  { name: '+ var1h (×7)', thresholds: LIK_T, score: minP([...PROD, 'var1h']) },
  { name: 'union extreme≥4', thresholds: LIK_T, score: union(production, { extreme: 4 }) },
  { name: 'union changepoint≥2', thresholds: LIK_T, score: union(production, { changepoint: 2 }) },
  { name: 'union outlier≥30', thresholds: LIK_T, score: union(production, { outlier: 30 }) },
  { name: 'union band95≥2.5', thresholds: LIK_T, score: union(production, { band95: 2.5 }) },
  {
    name: 'logistic combiner (8 folds by series)',
    thresholds: [0, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8],
    score: logisticScores,
    learns: true,
  },
  ...fastRules,
  ...[4, 5].map((d) => ({
    name: `fast change1 beyond +${d}`,
    thresholds: LIK_T,
    score: fast(['change1'], d),
  })),
  {
    name: 'fast change1 +3 and var1h +1',
    thresholds: LIK_T,
    score: (s: SeriesFeatures): Float64Array => {
      const a = fast(['change1'], 3)(s);
      const b = fast(['var1h'], 1)(s);
      return a.map((v, i) => Math.max(v, b[i] as number));
    },
  },
  ...[2, 3, 5].flatMap((k) => [
    { name: `sustained ${k} points`, thresholds: LIK_T, score: sustained(production, k) },
    { name: `sustained ${k}, fast change1 +3`, thresholds: LIK_T, score: sustained(fast(['change1'], 3), k) },
  ]),
  {
    name: 'break-through ≥2× threshold',
    thresholds: LIK_T,
    score: production,
    breakThrough: (s, _l, t) => s >= 2 * t,
  },
  {
    name: 'break-through ≥ last + 2',
    thresholds: LIK_T,
    score: production,
    breakThrough: (s, l) => s >= l + 2,
  },
  {
    name: 'break-through ≥ last + 4',
    thresholds: LIK_T,
    score: production,
    breakThrough: (s, l) => s >= l + 4,
  },
  {
    name: 'break-through new extreme (≥8)',
    thresholds: LIK_T,
    score: production,
    breakThrough: (s) => s >= SPATIAL,
  },
  ...['jumpDay', 'jumpWeek'].flatMap((feature) =>
    [1.05, 1.5, 2].flatMap((ratio) =>
      [0, 3, 5].map((tail) => ({
        name: `jump ${feature} >${ratio}× and change1 ≥${tail}`,
        thresholds: LIK_T,
        score: jump(feature, ratio, tail),
      })),
    ),
  ),
  ...[3, 3.5, 4].map((d) => ({
    name: `jump jumpWeek >1.5× and change1 ≥3, fast change1 +${d}`,
    thresholds: LIK_T,
    score: (s: SeriesFeatures): Float64Array => {
      const a = jump('jumpWeek', 1.5, 3)(s);
      const b = fast(['change1'], d)(s);
      return a.map((v, i) => Math.max(v, b[i] as number));
    },
  })),
  { name: 'fast change1 beyond +3.5', thresholds: LIK_T, score: fast(['change1'], 3.5) },
];
