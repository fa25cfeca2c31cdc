/**
 * Adaptive conformal intervals lived through a backtest, origin by origin, as production lives them:
 * the state starts from the calibration residuals, and the error of a fold's step k (its target at
 * origin + k) is applied once that target is observed, i.e. before the first fold whose origin is
 * past it, oldest target first. The accuracy bench scores the served forecast's evaluation folds with
 * these intervals; production seeds a newly registered version with the state at the end of its
 * evaluation backtest (every evaluation target is observed by then), so it serves from the newest
 * errors it has, as the bench assumes, rather than from the older calibration segment alone.
 */
import {
  adaptiveHalfWidths,
  createAdaptiveConformal,
  updateAdaptiveConformal,
  type AdaptiveConformalOptions,
  type AdaptiveConformalState,
} from './adaptive-conformal';
import { bandFold } from './conformal';
import type { BacktestFold } from './folds';
import type { FoldFactors } from './fold-factors';

/** One fold's error at one step, waiting for its target to be observed. */
interface Pending {
  readonly at: number;
  readonly step: number;
  readonly residual: number;
}

/** The folds with the intervals the adapting state gave at each origin, and the state after all. */
export interface AdaptiveReplay {
  readonly folds: BacktestFold[];
  /** Every fold's error applied (what a version serves from once its evaluation is over). */
  readonly state: AdaptiveConformalState;
}

/**
 * Replays `folds` (origin order) through a state seeded with `calibrationResiduals`. With `factors`
 * (`fold-factors.ts`) the state holds normalised scores: the calibration residuals must come
 * normalised by the same factors (`scoresPerStep`), each fold's error is divided by its factor and
 * each half-width multiplied by it.
 */
export function replayAdaptive(
  folds: readonly BacktestFold[],
  calibrationResiduals: readonly (readonly number[])[],
  options: AdaptiveConformalOptions = {},
  factors?: FoldFactors,
): AdaptiveReplay {
  let state = createAdaptiveConformal(calibrationResiduals, options);
  let pending: Pending[] = [];
  const applyUpTo = (origin: number) => {
    const due = pending.filter((p) => p.at <= origin).sort((a, b) => a.at - b.at || a.step - b.step);
    pending = pending.filter((p) => p.at > origin);
    for (const p of due) state = updateAdaptiveConformal(state, p);
  };
  const scored = folds.map((fold) => {
    applyUpTo(fold.origin);
    const widths = adaptiveHalfWidths(state);
    const scale = factors?.(fold.origin, fold.point.length);
    fold.point.forEach((point, k) => {
      const residual = ((fold.actual[k] ?? NaN) - point) / (scale?.[k] ?? 1);
      pending.push({ at: fold.origin + k + 1, step: k, residual });
    });
    return bandFold(fold, widths, scale);
  });
  applyUpTo(Infinity);
  return { folds: scored, state };
}
