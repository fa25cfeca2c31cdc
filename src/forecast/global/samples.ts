/**
 * Training samples for the global model: windows from every series (origins from the point where
 * the fine part is full, so short, padded contexts are learned too: cold start), inputs and targets
 * normalised by each window's own scale. Strided evenly so the total stays under a cap.
 */
import type { SeriesData } from '../types';
import { contextWindow, inputSize, windowScale, writeInput, type GlobalFeatureSpec } from './features';

/** Inputs `[n, inputSize]` and targets `[n, horizon]`, row-major. */
export interface GlobalSamples {
  readonly count: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
}

/** Normalised targets beyond this are clipped: one spike must not dominate the loss. */
const TARGET_CLIP = 20;

/** Origins of one series usable for training: the fine part is observed and the horizon too. */
function originsOf(length: number, spec: GlobalFeatureSpec): number {
  return Math.max(0, length - spec.horizon - spec.fine + 1);
}

/** Samples from `series`, at most about `maxSamples`, evenly strided per series. */
export function buildSamples(
  series: readonly SeriesData[],
  spec: GlobalFeatureSpec,
  maxSamples: number,
): GlobalSamples {
  const total = series.reduce((s, d) => s + originsOf(d.values.length, spec), 0);
  const stride = Math.max(1, Math.ceil(total / maxSamples));
  const width = inputSize(spec);
  const origins: { s: SeriesData; o: number }[] = [];
  for (const s of series) {
    for (let o = spec.fine; o + spec.horizon <= s.values.length; o += stride) origins.push({ s, o });
  }
  const x = new Float32Array(origins.length * width);
  const y = new Float32Array(origins.length * spec.horizon);
  origins.forEach(({ s, o }, i) => {
    const window = contextWindow(s.values, o, spec.context);
    const scale = windowScale(window);
    writeInput(x, i * width, window, scale, s.start + o * s.stepMs, spec);
    for (let k = 0; k < spec.horizon; k++) {
      const z = ((s.values[o + k] as number) - scale.centre) / scale.scale;
      y[i * spec.horizon + k] = Math.max(-TARGET_CLIP, Math.min(TARGET_CLIP, z));
    }
  });
  return { count: origins.length, x, y };
}
