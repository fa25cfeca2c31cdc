/**
 * Calibrating the vote without looking at the series it scores. For series s the members'
 * thresholds are their own leave-one-out choices for s (fitted on the other series), and the
 * vote's members, quorum, threshold factor, tolerance and refractory period are the combination
 * with the best F1 on the other series. `exclude = -1` calibrates on every series (the defaults).
 */
import { toDetections } from './events';
import { NO_COUNTS, addCounts, windowCounts, windowScores, type WindowCounts } from './scoring/windows';
import type { VoteMember } from './settings';
import type { IndexWindow } from './types';
import { voteScores } from './vote';

/** One labelled series with its members' scores. */
export interface VoteSeries {
  readonly scores: Readonly<Record<VoteMember, readonly number[]>>;
  readonly windows: readonly IndexWindow[];
  readonly from: number;
}

/** The combinations tried. */
export interface VoteGrid {
  readonly memberSets: readonly (readonly VoteMember[])[];
  readonly factors: readonly number[];
  readonly tolerances: readonly number[];
  readonly refractories: readonly number[];
}

/** A vote setting in points. */
export interface VoteChoice {
  readonly members: readonly VoteMember[];
  readonly need: number;
  readonly factor: number;
  readonly tolerance: number;
  readonly refractory: number;
}

/** Memo of per-series counts, shared by the calls of one calibration (thresholds repeat across s). */
export type VoteMemo = Map<string, WindowCounts[]>;

function countsFor(
  series: readonly VoteSeries[],
  choice: VoteChoice,
  thresholds: readonly number[],
  memo: VoteMemo,
): WindowCounts[] {
  const key = JSON.stringify([choice, thresholds]);
  let counts = memo.get(key);
  if (counts === undefined) {
    counts = series.map((s) => {
      const votes = voteScores(
        choice.members.map((m) => s.scores[m]),
        thresholds,
        choice.tolerance,
      );
      const detections = toDetections(votes, {
        threshold: choice.need,
        refractory: choice.refractory,
        from: s.from,
      });
      return windowCounts(detections, s.windows, s.from);
    });
    memo.set(key, counts);
  }
  return counts;
}

/** Every member set × quorum (2..size) × factor × tolerance × refractory, simplest first. */
export function voteChoices(grid: VoteGrid): VoteChoice[] {
  return grid.memberSets.flatMap((members) =>
    Array.from({ length: members.length - 1 }, (_, k) => k + 2).flatMap((need) =>
      grid.factors.flatMap((factor) =>
        grid.tolerances.flatMap((tolerance) =>
          grid.refractories.map((refractory) => ({ members, need, factor, tolerance, refractory })),
        ),
      ),
    ),
  );
}

/**
 * The vote setting for series `exclude` (or for all when −1): best F1 over the other series, with
 * member thresholds `memberThreshold(m)` scaled by the choice's factor. First best wins.
 */
export function chooseVote(
  series: readonly VoteSeries[],
  memberThreshold: (member: VoteMember) => number,
  grid: VoteGrid,
  exclude: number,
  memo: VoteMemo = new Map(),
): { choice: VoteChoice; f1: number } {
  let best: { choice: VoteChoice; f1: number } | undefined;
  for (const choice of voteChoices(grid)) {
    const thresholds = choice.members.map((m) => memberThreshold(m) * choice.factor);
    const counts = countsFor(series, choice, thresholds, memo);
    const total = counts.reduce((sum, c, r) => (r === exclude ? sum : addCounts(sum, c)), NO_COUNTS);
    const f1 = windowScores(total).f1;
    if (best === undefined || f1 > best.f1) best = { choice, f1 };
  }
  if (best === undefined) throw new RangeError('vote grid must hold at least one combination, got none');
  return best;
}
