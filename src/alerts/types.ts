import type { ForecastBands } from '../shared';

export {
  AlertLimitError,
  AlertSource,
  AlertState,
  asAlertLimitId,
  Basis,
  Direction,
  type AlertLimit,
  type AlertLimitId,
  type LimitSpec,
} from '../shared';

/** One forecast step as the evaluation reads it. Times are epoch ms, UTC. */
export interface ForecastStep extends ForecastBands {
  readonly targetAt: number;
}

/** One observation. */
export interface ActualPoint {
  readonly ts: number;
  readonly value: number;
}

/** Where a limit is crossed: the first time at or over it, and the value compared there. */
export interface Crossing {
  readonly at: number;
  readonly value: number;
}
