/**
 * The champion kinds bench:cycle seeds (`--models`), in proportions: by default the mix the default
 * retrain picks on the bundled data, so the cycle pays for the models production would serve.
 */
import {
  createForecaster,
  isSingleModelKind,
  type ModelArtifact,
  type SingleModelKind,
} from '../src/forecast';
import { modelHorizon } from '../src/shared';
import { HISTORY_HOURS, HOUR_MS, makeClone } from './cycle-data';
import type { SeedOptions } from './cycle-seed';

/** Kinds with their share of the champions (weights, not necessarily summing to 1). */
export type ModelMix = ReadonlyArray<{ readonly kind: SingleModelKind; readonly weight: number }>;

/**
 * Measured with `npm run bench:cycle-mix` (2026-12-05, the 17 bundled NAB files as hourly series,
 * the default retrain: seasonal-naive, ets, mstl over 14 days, champion by validation MASE):
 * ets won 8, mstl 7, seasonal-naive 2.
 */
export const SERVED_MIX = 'ets=8,mstl=7,seasonal-naive=2';

/** `--models`: `kind[=weight],…` (a kind without a weight counts 1). */
export function parseModels(text: string): ModelMix {
  const mix = text.split(',').map((part) => {
    const [kind = '', weightText] = part.trim().split('=');
    const weight = weightText === undefined ? 1 : Number(weightText);
    if (!isSingleModelKind(kind))
      throw new Error(
        `--models must list single-model kinds (kind or kind=weight), got ${JSON.stringify(kind)}`,
      );
    if (!(Number.isSafeInteger(weight) && weight > 0))
      throw new Error(
        `--models weight of ${kind} must be a positive integer, got ${JSON.stringify(weightText)}`,
      );
    return { kind, weight };
  });
  if (new Set(mix.map((m) => m.kind)).size !== mix.length)
    throw new Error(`--models must not repeat a kind, got ${text}`);
  return mix;
}

/** The kind of clone `index`: the mix repeated in index order, so every shard holds the same mix. */
export function kindOf(mix: ModelMix, index: number): SingleModelKind {
  const total = mix.reduce((t, m) => t + m.weight, 0);
  let k = index % total;
  for (const m of mix) {
    if (k < m.weight) return m.kind;
    k -= m.weight;
  }
  return (mix[0] as ModelMix[number]).kind;
}

export const describeMix = (mix: ModelMix): string => mix.map((m) => `${m.kind} ${m.weight}`).join(', ');

/** One artifact per kind, fitted on clone 0's history with default hyperparameters (horizon 6 + lead). */
export async function championArtifacts(
  mix: ModelMix,
  options: SeedOptions,
  horizon: number,
): Promise<Map<SingleModelKind, ModelArtifact>> {
  const clone = makeClone(options.sources, 0, options.seed);
  const history = {
    start: options.gridStart,
    stepMs: HOUR_MS,
    values: [...clone.values.slice(0, HISTORY_HOURS)],
  };
  const artifacts = new Map<SingleModelKind, ModelArtifact>();
  for (const { kind } of mix) {
    const model = createForecaster(kind);
    await model.fit(history, { horizon: modelHorizon(horizon), seasonPeriod: 24 });
    artifacts.set(kind, await model.serialize());
    model.dispose();
  }
  return artifacts;
}
