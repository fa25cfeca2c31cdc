/**
 * Hyperparameters of the tfjs forecasters: defaults sized for infra metrics (hourly series of ~2 weeks,
 * i.e. a few hundred points, or 5-minute series of a few thousand), parsed from the loose
 * `FitOptions.hyperparameters` record and stored back into the model's metadata.
 */
import type { ScalerKind } from '../features/scaler';
import { fail } from '../validate';

export type TfjsKind = 'lstm' | 'tcn' | 'dense';
export type LossName = 'mse' | 'mae' | 'huber';

export interface TfjsHyperparameters {
  /** Input steps per window. */
  readonly window: number;
  /** LSTM units, TCN filters or dense hidden units (0: a purely linear dense model). */
  readonly units: number;
  /** Stacked LSTM layers or TCN residual blocks (0: as many as reach across the window). */
  readonly layers: number;
  /** TCN kernel taps per dilated convolution. */
  readonly kernelSize: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Epochs without validation improvement before stopping (best weights are restored). */
  readonly patience: number;
  /** Share of windows, the newest, held out for early stopping and conformal intervals. */
  readonly validationFraction: number;
  readonly loss: LossName;
  readonly scaler: ScalerKind;
  /** Predict deltas from the last observed value instead of levels: a strong prior for persistent series. */
  readonly residual: boolean;
  /** Feed level channels relative to the window's last value (shapes, not levels): robust to level shifts. */
  readonly relativeInputs: boolean;
  /** Clamp scaled inputs and training targets to ±clip (0: off): spikes stay bounded. */
  readonly clip: number;
  /** Add hour-of-day and day-of-week channels where the step makes them meaningful. */
  readonly timeEncodings: boolean;
  /** Trailing rolling mean and std channels over this many steps (0: none). */
  readonly rollingWindow: number;
  /** L2 penalty on dense kernels: small data and many collinear inputs overfit without it. */
  readonly l2: number;
  /** Add a linear map of the flattened window to the LSTM/TCN/hidden-dense head. */
  readonly linearSkip: boolean;
}

/** Facts about the series that drive defaults. */
export interface SeriesShape {
  readonly length: number;
  readonly horizon: number;
  readonly seasonPeriod: number;
}

const BASE: Omit<TfjsHyperparameters, 'window' | 'units'> = {
  layers: 0,
  kernelSize: 2,
  epochs: 50,
  batchSize: 32,
  learningRate: 0.005,
  patience: 6,
  validationFraction: 0.2,
  loss: 'huber',
  scaler: 'standard',
  residual: true,
  relativeInputs: true,
  clip: 3,
  timeEncodings: true,
  rollingWindow: 0,
  linearSkip: true,
  l2: 0.01,
};

/**
 * Default window: for the LSTM one season capped at 72 steps (24 hourly, 72 at 5 minutes: its cost grows
 * with every step), for the others two seasons capped at 144 (48 hourly, 144 at 5 minutes); shrunk so at
 * least half the history still yields training windows.
 */
function defaultWindow(kind: TfjsKind, shape: SeriesShape): number {
  const wanted = kind === 'lstm' ? Math.min(shape.seasonPeriod, 72) : Math.min(2 * shape.seasonPeriod, 144);
  return Math.max(1, Math.min(wanted, Math.floor((shape.length - shape.horizon) / 2)));
}

// The LSTM's cost is per batch (24+ sequential steps of small ops), so larger batches train it ~2x
// faster at equal accuracy on hourly NAB series; a higher learning rate offsets the fewer updates.
const KIND_DEFAULTS: Record<TfjsKind, Partial<TfjsHyperparameters>> = {
  lstm: { units: 32, batchSize: 64, learningRate: 0.01 },
  tcn: { units: 16 },
  dense: { units: 0 },
};

type Raw = Readonly<Record<string, number | string | boolean>>;

function pick<K extends keyof TfjsHyperparameters>(raw: Raw, key: K, fallback: TfjsHyperparameters[K]) {
  const value = raw[key] ?? fallback;
  if (typeof value !== typeof fallback) fail(`hyperparameters.${key}`, value, `be a ${typeof fallback}`);
  return value as TfjsHyperparameters[K];
}

function checkRanges(hp: TfjsHyperparameters): void {
  for (const key of ['window', 'kernelSize', 'epochs', 'batchSize'] as const) {
    if (!Number.isSafeInteger(hp[key]) || hp[key] < 1)
      fail(`hyperparameters.${key}`, hp[key], 'be a positive integer');
  }
  for (const key of ['units', 'layers', 'patience', 'rollingWindow'] as const) {
    if (!Number.isSafeInteger(hp[key]) || hp[key] < 0)
      fail(`hyperparameters.${key}`, hp[key], 'be an integer >= 0');
  }
  if (!(hp.clip >= 0)) fail('hyperparameters.clip', hp.clip, 'be >= 0');
  if (!(hp.l2 >= 0)) fail('hyperparameters.l2', hp.l2, 'be >= 0');
  if (!(hp.learningRate > 0)) fail('hyperparameters.learningRate', hp.learningRate, 'be positive');
  if (!(hp.validationFraction >= 0 && hp.validationFraction < 1)) {
    fail('hyperparameters.validationFraction', hp.validationFraction, 'be in [0, 1)');
  }
  if (!['mse', 'mae', 'huber'].includes(hp.loss))
    fail('hyperparameters.loss', hp.loss, "be 'mse', 'mae' or 'huber'");
  if (!['standard', 'robust'].includes(hp.scaler))
    fail('hyperparameters.scaler', hp.scaler, "be 'standard' or 'robust'");
}

/** Merges given hyperparameters over the defaults for this kind and series, checking types and ranges. */
export function resolveHyperparameters(
  kind: TfjsKind,
  raw: Raw | undefined,
  shape: SeriesShape,
): TfjsHyperparameters {
  const given = raw ?? {};
  const defaults: TfjsHyperparameters = {
    ...BASE,
    units: 0,
    ...KIND_DEFAULTS[kind],
    window: defaultWindow(kind, shape),
  };
  const hp = Object.fromEntries(
    (Object.keys(defaults) as (keyof TfjsHyperparameters)[]).map((key) => [
      key,
      pick(given, key, defaults[key]),
    ]),
  ) as unknown as TfjsHyperparameters;
  checkRanges(hp);
  return hp;
}

const DAY_MS = 86_400_000;

/** One day in steps for sub-daily data (24 hourly, 288 at 5 minutes), a week for daily data, else none (1). */
export function defaultSeasonPeriod(stepMs: number): number {
  if (stepMs < DAY_MS) return Math.max(1, Math.round(DAY_MS / stepMs));
  return stepMs < 7 * DAY_MS ? 7 : 1;
}
