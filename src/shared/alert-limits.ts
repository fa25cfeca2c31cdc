/**
 * The vocabulary of alert limits and alerts as they are stored and shown: shared by the alert rules
 * (`src/alerts`), their repositories (`src/db`), the API and the CLI. The rules themselves live in
 * `src/alerts`.
 */
import { FieldValueError, showValue } from './errors';
import type { Brand, SeriesId } from './ids';

/** Row id of an alert limit. */
export type AlertLimitId = Brand<number, 'AlertLimitId'>;
export const asAlertLimitId = (id: number): AlertLimitId => id as AlertLimitId;

/** Which side of the threshold is trouble. */
export const Direction = { above: 'above', below: 'below' } as const;
export type Direction = (typeof Direction)[keyof typeof Direction];

/** Which forecast value is compared with the threshold: the point or an interval edge. */
export const Basis = {
  point: 'point',
  upper80: 'upper80',
  upper95: 'upper95',
  lower80: 'lower80',
  lower95: 'lower95',
} as const;
export type Basis = (typeof Basis)[keyof typeof Basis];

/** What an alert was raised on: a forecast crossing ahead, or the newest observation. */
export const AlertSource = { forecast: 'forecast', actual: 'actual' } as const;
export type AlertSource = (typeof AlertSource)[keyof typeof AlertSource];

export const AlertState = { open: 'open', resolved: 'resolved' } as const;
export type AlertState = (typeof AlertState)[keyof typeof AlertState];

/** What a person sets: a validated limit, not yet stored. Exactly one of `seriesId`, `metricPattern`. */
export interface LimitSpec {
  readonly seriesId: SeriesId | null;
  /** Metric name, `*` as wildcard, matched case-insensitively (`CPUUtilization`, `Network*`). */
  readonly metricPattern: string | null;
  readonly threshold: number;
  readonly direction: Direction;
  /** Default `upper95`: warn when overload is plausible, not only expected. */
  readonly basis: Basis;
  /** Also alert on the newest observation over the limit; default true. */
  readonly alsoActuals: boolean;
  /** After a resolve, a new alert of the same key waits this long; default 60. */
  readonly cooldownMinutes: number;
  readonly enabled: boolean;
}

/** A stored limit. */
export interface AlertLimit extends LimitSpec {
  readonly id: AlertLimitId;
}

/**
 * Bad limit input (`parseLimitSpec`) or a limit storage refuses (a series that is not stored):
 * `field` names where, `value` what was found. HTTP answers it with 400.
 */
export class AlertLimitError extends FieldValueError {
  override readonly name = 'AlertLimitError';
  readonly statusCode = 400;
  constructor(field: string, value: unknown, rule: string) {
    super(field, value, `limit.${field} must ${rule}, got ${showValue(value)}`);
  }
}
