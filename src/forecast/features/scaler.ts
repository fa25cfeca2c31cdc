/**
 * Scalers fitted on training data only and stored with the model as JSON, so prediction scales inputs
 * exactly as training did. `robust` (median and IQR) resists the spikes common in infra metrics.
 */
import { fail } from '../validate';

export const ScalerKind = { standard: 'standard', robust: 'robust' } as const;
export type ScalerKind = (typeof ScalerKind)[keyof typeof ScalerKind];

/** JSON-safe scaler parameters: `scaled = (value - center) / scale`. */
export interface ScalerState {
  readonly kind: ScalerKind;
  readonly center: number;
  readonly scale: number;
}

function meanStd(values: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  const mean = sum / values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += ((values[i] as number) - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length) };
}

/** Linear-interpolated quantile of sorted values (q in [0, 1]). */
function sortedQuantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

/**
 * Fits a scaler. A degenerate spread (constant data, or an IQR of 0 from many repeated values) falls back
 * to the standard deviation, then to 1, so scaling never divides by zero.
 */
export function fitScaler(values: ArrayLike<number>, kind: ScalerKind = 'standard'): ScalerState {
  if (values.length === 0) fail('values.length', 0, 'be at least 1 to fit a scaler');
  const { mean, std } = meanStd(values);
  if (kind === 'standard') return { kind, center: mean, scale: std > 0 ? std : 1 };
  const sorted = Float64Array.from(values).sort();
  // IQR / 1.349 equals the standard deviation for normal data, so both kinds give comparable magnitudes.
  const iqr = (sortedQuantile(sorted, 0.75) - sortedQuantile(sorted, 0.25)) / 1.349;
  const scale = iqr > 0 ? iqr : std > 0 ? std : 1;
  return { kind, center: sortedQuantile(sorted, 0.5), scale };
}

/** `(value - center) / scale` for every value. */
export function applyScaler(values: ArrayLike<number>, state: ScalerState): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = ((values[i] as number) - state.center) / state.scale;
  return out;
}

/** Inverse of `applyScaler`. */
export function invertScaler(values: ArrayLike<number>, state: ScalerState): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] as number) * state.scale + state.center;
  return out;
}

/** Reads a scaler back from stored JSON, checking every field. */
export function scalerFromJson(json: unknown, field = 'scaler'): ScalerState {
  const s = json as Partial<Record<keyof ScalerState, unknown>> | null;
  if (typeof s !== 'object' || s === null) fail(field, json, 'be a scaler object');
  if (s.kind !== 'standard' && s.kind !== 'robust')
    fail(`${field}.kind`, s.kind, "be 'standard' or 'robust'");
  if (typeof s.center !== 'number' || !Number.isFinite(s.center))
    fail(`${field}.center`, s.center, 'be finite');
  if (typeof s.scale !== 'number' || !Number.isFinite(s.scale) || s.scale <= 0) {
    fail(`${field}.scale`, s.scale, 'be a positive finite number');
  }
  return { kind: s.kind, center: s.center, scale: s.scale };
}
