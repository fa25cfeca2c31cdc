/**
 * ARIMA from the `arima` package (ctsa compiled to wasm, compiled synchronously; see `loadArima`).
 *
 * The package's own AutoARIMA hides the orders it selects and produced implausible jumps on our
 * data, and its seasonal search takes seconds at period 24. So `fit` selects the orders itself:
 * each candidate (p, d, q), on the series or on its seasonal difference (SARIMA (p,d,q)(0,1,0)m,
 * cheap because the seasonal part is a plain difference), is scored by holdout MAE on the end of
 * the training window. The orders are stored; coefficients are re-estimated on every history
 * (`refit-on-predict`), deterministically.
 */
import { ModelKind } from '../types';
import { BaselineForecaster, type BaselineSettings, type Hyperparameters } from './base';
import { loadArima, statisticalLibraryVersions } from './wasm';
import { mae } from '../evaluation/metrics';

/** Orders of one ARIMA candidate. */
export interface ArimaOrder {
  readonly p: number;
  readonly d: number;
  readonly q: number;
  /** Fit on `y[t] − y[t − m]` and integrate back. */
  readonly seasonalDiff: boolean;
}

const CANDIDATES: readonly [number, number, number][] = [
  [1, 0, 0],
  [2, 0, 1],
  [0, 1, 1],
  [1, 1, 1],
];
const DEFAULT_ORDER: ArimaOrder = { p: 1, d: 0, q: 0, seasonalDiff: false };
/** Points ARIMA estimation needs after differencing, with margin over the library's own minimum. */
const MIN_FIT_POINTS = 24;

/** ARIMA with holdout-selected orders, re-estimated on the last `window` points of each history. */
export class ArimaForecaster extends BaselineForecaster {
  readonly kind = ModelKind.arima;
  protected readonly fitting = 'refit-on-predict';

  constructor(
    settings?: BaselineSettings,
    private order: ArimaOrder = DEFAULT_ORDER,
  ) {
    super(settings);
  }

  /** The selected orders. */
  get selectedOrder(): ArimaOrder {
    return this.order;
  }

  protected minLength(): number {
    return MIN_FIT_POINTS + 2;
  }

  protected defaults(seasonPeriod: number): Hyperparameters {
    return { window: Math.max(100, 3 * seasonPeriod), holdoutFolds: 2 };
  }

  protected override fitModel(window: readonly number[], settings: BaselineSettings): Promise<void> {
    const folds = Number(settings.hyperparameters['holdoutFolds'] ?? 2);
    let best = { score: Infinity, order: DEFAULT_ORDER };
    for (const order of candidateOrders(window.length, settings)) {
      const score = holdoutMae(window, order, settings, folds);
      if (score < best.score) best = { score, order };
    }
    this.order = best.order;
    return Promise.resolve();
  }

  protected forecastPoint(window: readonly number[], settings: BaselineSettings): Promise<number[]> {
    return Promise.resolve(arimaForecast(window, this.order, settings.seasonPeriod, settings.horizon));
  }

  protected override modelState(): Record<string, unknown> {
    return { order: this.order };
  }

  protected override environment(): Record<string, string> {
    return { arima: statisticalLibraryVersions()['arima'] ?? 'unknown' };
  }
}

function candidateOrders(length: number, settings: BaselineSettings): ArimaOrder[] {
  const plain = CANDIDATES.map(([p, d, q]) => ({ p, d, q, seasonalDiff: false }));
  // Seasonal differencing needs a season to difference against plus enough points to fit after it.
  const seasonalFits = length - settings.horizon * 2 - settings.seasonPeriod >= MIN_FIT_POINTS;
  return seasonalFits ? [...plain, ...plain.map((o) => ({ ...o, seasonalDiff: true }))] : plain;
}

/** MAE of forecasts from the last `folds` horizon-sized blocks of the window. */
function holdoutMae(window: readonly number[], order: ArimaOrder, settings: BaselineSettings, folds: number) {
  const errors: number[] = [];
  for (let fold = folds; fold >= 1; fold--) {
    const origin = window.length - fold * settings.horizon;
    const actual = window.slice(origin, origin + settings.horizon);
    try {
      const point = arimaForecast(window.slice(0, origin), order, settings.seasonPeriod, actual.length);
      if (!point.every(Number.isFinite)) return Infinity;
      errors.push(mae(actual, point));
    } catch {
      return Infinity;
    }
  }
  return errors.reduce((a, b) => a + b, 0) / Math.max(1, errors.length);
}

/** Fits ARIMA with fixed orders on `values` and forecasts `horizon` steps. */
export function arimaForecast(values: readonly number[], order: ArimaOrder, period: number, horizon: number) {
  const target = order.seasonalDiff
    ? values.slice(period).map((v, i) => v - (values[i] ?? NaN))
    : [...values];
  const ARIMA = loadArima();
  const model = new ARIMA({ p: order.p, d: order.d, q: order.q, verbose: false }).train(target);
  try {
    const [point] = model.predict(horizon);
    if (!order.seasonalDiff) return point;
    // Undo the seasonal difference: each step adds its change to the value one season earlier.
    const out: number[] = [];
    point.forEach((change, k) => {
      const base = k < period ? values[values.length - period + k] : out[k - period];
      out.push((base ?? NaN) + change);
    });
    return out;
  } finally {
    model.destroy();
  }
}
