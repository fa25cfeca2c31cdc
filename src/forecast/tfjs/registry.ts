/** The tfjs forecasters by kind. */
import { DenseForecaster } from './dense';
import type { TfjsKind } from './hyperparameters';
import { LstmForecaster } from './lstm';
import { TcnForecaster } from './tcn';
import type { TfjsForecaster, TfjsForecasterOptions } from './tfjs-forecaster';

/** Constructors of the tfjs forecasters. */
export const tfjsForecasters: Readonly<
  Record<TfjsKind, new (options?: TfjsForecasterOptions) => TfjsForecaster>
> = {
  lstm: LstmForecaster,
  tcn: TcnForecaster,
  dense: DenseForecaster,
};

/** True for the kinds this module implements. */
export function isTfjsKind(kind: string): kind is TfjsKind {
  return Object.prototype.hasOwnProperty.call(tfjsForecasters, kind);
}

/** A new, unfitted tfjs forecaster of `kind`; `options` are defaults for each `fit`. */
export function createForecaster(kind: TfjsKind, options?: TfjsForecasterOptions): TfjsForecaster {
  return new tfjsForecasters[kind](options);
}
