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
export interface ForecastStep {
  readonly targetAt: number;
  readonly point: number;
  readonly lower80: number;
  readonly upper80: number;
  readonly lower95: number;
  readonly upper95: number;
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
