/**
 * Sliding windows for direct multi-output models: `window` input steps (every channel) map to the next
 * `horizon` target values. Layouts are row-major so they drop straight into tensors:
 * inputs `[count, window, channels]`, targets `[count, horizon]`.
 */
import { ForecastInputError } from '../validate';

/** Windows cut from aligned channels. */
export interface WindowSet {
  readonly count: number;
  readonly window: number;
  readonly horizon: number;
  readonly channels: number;
  /** `[count, window, channels]`. */
  readonly inputs: Float32Array;
  /** `[count, horizon]`: target values after each window. */
  readonly targets: Float32Array;
  /** `[count]`: the target at each window's last input step (the forecast origin), for delta targets. */
  readonly lastValues: Float32Array;
}

/** Number of windows a series of `length` points yields: every origin with a full window and horizon. */
export function windowCount(length: number, window: number, horizon: number): number {
  return Math.max(0, length - window - horizon + 1);
}

/**
 * Copies the `window` steps ending just before `end` (exclusive) of every channel into `out` at `offset`,
 * interleaved by step: `out[offset + step * channels + c]`.
 */
export function writeWindow(
  channels: readonly ArrayLike<number>[],
  end: number,
  window: number,
  out: Float32Array,
  offset: number,
): void {
  const c = channels.length;
  for (let k = 0; k < c; k++) {
    const channel = channels[k] as ArrayLike<number>;
    for (let s = 0; s < window; s++) out[offset + s * c + k] = channel[end - window + s] as number;
  }
}

/**
 * Cuts every window of `window` steps followed by `horizon` target steps, oldest first.
 * `target` and every channel must have the same length.
 */
export function slidingWindows(
  channels: readonly ArrayLike<number>[],
  target: ArrayLike<number>,
  window: number,
  horizon: number,
): WindowSet {
  for (const [k, channel] of channels.entries()) {
    if (channel.length !== target.length) {
      throw new ForecastInputError(
        `channels[${k}].length`,
        channel.length,
        `channels[${k}].length must equal the target's length ${target.length}, got ${channel.length}`,
      );
    }
  }
  const count = windowCount(target.length, window, horizon);
  const width = channels.length;
  const inputs = new Float32Array(count * window * width);
  const targets = new Float32Array(count * horizon);
  const lastValues = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    writeWindow(channels, i + window, window, inputs, i * window * width);
    for (let h = 0; h < horizon; h++) targets[i * horizon + h] = target[i + window + h] as number;
    lastValues[i] = target[i + window - 1] as number;
  }
  return { count, window, horizon, channels: width, inputs, targets, lastValues };
}
