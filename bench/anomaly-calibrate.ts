/**
 * The anomaly benchmark's calibration: every setting a series is scored with was chosen on the
 * other series (leave one series out), for each member detector, for the baseline's refractory
 * period and, nested, for the vote.
 */
import {
  DetectorName,
  VOTE_MEMBERS,
  chooseVote,
  leaveOneOut,
  probationLength,
  points,
  toDetections,
  voteScores,
  type Detection,
  type DetectorScores,
  type Grid,
  type ScoredDetector,
  type Setting,
  type VoteChoice,
  type VoteGrid,
  type VoteMemo,
  type VoteMember,
} from '../src/anomaly';
import type { LabelledSeries } from './anomaly-data';

const HOUR = 3_600_000;
/** Quiet times tried after a detection: 1 h to 2 days. */
const REFRACTORY_MS = [1, 3, 6, 12, 24, 48].map((h) => h * HOUR);
/** Thresholds tried per detector (scores are in different units). */
const THRESHOLDS: Readonly<Record<ScoredDetector, readonly number[]>> = {
  band95: [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8],
  changepoint: [0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24],
  outlier: [1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30],
  extreme: [0.01, 0.1, 0.25, 0.5, 1, 2, 3, 4, 6, 8],
  // The baseline keeps the textbook k = 3; only its refractory period is calibrated, like the others'.
  sigma3: [3],
};

/** Every 2+ subset of the members. */
function memberSets(): VoteMember[][] {
  const sets: VoteMember[][] = [];
  for (let mask = 1; mask < 1 << VOTE_MEMBERS.length; mask++) {
    const set = VOTE_MEMBERS.filter((_, i) => mask & (1 << i));
    if (set.length >= 2) sets.push(set);
  }
  return sets;
}

/** One series' detections of one detector, with the setting they came from. */
export interface Scored {
  readonly detections: readonly Detection[];
  readonly setting: string;
}

export type Evaluated = Record<ScoredDetector | 'vote', Scored[]>;

/** Calibrates everything leave-one-out and returns each detector's detections per series. */
export function calibrateAndDetect(
  series: readonly LabelledSeries[],
  scores: readonly DetectorScores[],
  stepMs: number,
): { evaluated: Evaluated; corpus: string[] } {
  const refractories = REFRACTORY_MS.map((ms) => points(ms, stepMs));
  const from = series.map((s) => probationLength(s.values.length));
  const perDetector = {} as Record<ScoredDetector, Setting[]>;
  const evaluated = {} as Evaluated;
  const corpus: string[] = [];
  for (const name of Object.keys(THRESHOLDS) as ScoredDetector[]) {
    const grid: Grid = { thresholds: THRESHOLDS[name], refractories };
    const labelled = series.map((s, i) => ({
      scores: scores[i]?.[name] ?? [],
      windows: s.windows,
      from: from[i] ?? 0,
    }));
    perDetector[name] = leaveOneOut(labelled, grid);
    evaluated[name] = labelled.map((l, i) => {
      const setting = perDetector[name][i] as Setting;
      return {
        detections: toDetections(l.scores, { ...setting, from: l.from }),
        setting: describe(setting, stepMs),
      };
    });
    // Corpus-wide choice (the production defaults): leave-one-out on a copy with one empty series added.
    const all = leaveOneOut([...labelled, { scores: [], windows: [], from: 0 }], grid).pop() as Setting;
    corpus.push(`${name}: ${describe(all, stepMs)}`);
  }
  const { vote, corpusVote } = calibrateVote(series, scores, perDetector, from, refractories);
  evaluated.vote = vote;
  corpus.push(`vote: ${describeVote(corpusVote, stepMs)}`);
  return { evaluated, corpus };
}

function calibrateVote(
  series: readonly LabelledSeries[],
  scores: readonly DetectorScores[],
  perDetector: Record<ScoredDetector, Setting[]>,
  from: readonly number[],
  refractories: readonly number[],
): { vote: Scored[]; corpusVote: VoteChoice } {
  const grid: VoteGrid = {
    memberSets: memberSets(),
    factors: [0.5, 0.75, 1],
    tolerances: [1, 3, 6].map((h) => points(h * HOUR, series[0]?.stepMs ?? 300_000)),
    refractories,
  };
  const voteSeries = series.map((s, i) => ({
    scores: scores[i] as DetectorScores,
    windows: s.windows,
    from: from[i] ?? 0,
  }));
  const memo: VoteMemo = new Map();
  const vote = series.map((_, s) => {
    const { choice } = chooseVote(voteSeries, (m) => (perDetector[m][s] as Setting).threshold, grid, s, memo);
    const thresholds = choice.members.map((m) => (perDetector[m][s] as Setting).threshold * choice.factor);
    const votes = voteScores(
      choice.members.map((m) => voteSeries[s]?.scores[m] ?? []),
      thresholds,
      choice.tolerance,
    );
    const detections = toDetections(votes, {
      threshold: choice.need,
      refractory: choice.refractory,
      from: from[s],
    });
    return { detections, setting: describeVote(choice, series[s]?.stepMs ?? 300_000) };
  });
  // Corpus-wide: member thresholds of the most common leave-one-out choice, all series counted.
  const common = (m: VoteMember): number => mode(perDetector[m].map((x) => x.threshold));
  const corpusVote = chooseVote(voteSeries, common, grid, -1, memo).choice;
  return { vote, corpusVote };
}

function mode(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? NaN;
}

function hours(pointsCount: number, stepMs: number): string {
  return `${((pointsCount * stepMs) / HOUR).toFixed(0)}h`;
}

function describe(s: Setting, stepMs: number): string {
  return `≥${s.threshold} quiet ${hours(s.refractory, stepMs)}`;
}

function describeVote(c: VoteChoice, stepMs: number): string {
  return (
    `${c.need} of ${c.members.join('+')} at ${c.factor}×θ within ${hours(c.tolerance, stepMs)}, ` +
    `quiet ${hours(c.refractory, stepMs)}`
  );
}

export const DETECTOR_ORDER: readonly (ScoredDetector | 'vote')[] = [
  DetectorName.band95,
  DetectorName.changepoint,
  DetectorName.outlier,
  DetectorName.extreme,
  DetectorName.vote,
  DetectorName.sigma3,
];
