/**
 * Rebuilds a tfjs forecaster from its `ModelArtifact`. The artifact is data from storage, so every part
 * is checked before use; a reloaded model predicts exactly what the original did (same backend).
 */
import { initBackend } from '../backend';
import { scalerFromJson } from '../features/scaler';
import type { ModelArtifact } from '../types';
import { fail } from '../validate';
import { loadNetwork } from './artifact';
import type { FeatureSpec } from './design';
import { createForecaster, isTfjsKind } from './registry';
import type { TfjsForecaster, TfjsState } from './tfjs-forecaster';

function positiveInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    fail(field, value, 'be an integer >= 0');
  return value;
}

function nonNegative(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    fail(field, value, 'be a finite number >= 0');
  return value;
}

function flag(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') fail(field, value, 'be a boolean');
  return value;
}

/** Checks a stored feature spec field by field. */
function specFromJson(json: unknown): FeatureSpec {
  if (typeof json !== 'object' || json === null) fail('state.spec', json, 'be an object');
  const s = json as Record<keyof FeatureSpec, unknown>;
  const names = s.covariateNames;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string'))
    fail('state.spec.covariateNames', names, 'be an array of strings');
  const scalers = s.covariateScalers;
  if (!Array.isArray(scalers) || scalers.length !== names.length)
    fail('state.spec.covariateScalers', scalers, 'have one scaler per covariate');
  return {
    window: positiveInteger(s.window, 'state.spec.window'),
    horizon: positiveInteger(s.horizon, 'state.spec.horizon'),
    residual: flag(s.residual, 'state.spec.residual'),
    relativeInputs: flag(s.relativeInputs, 'state.spec.relativeInputs'),
    clip: nonNegative(s.clip, 'state.spec.clip'),
    hourOfDay: flag(s.hourOfDay, 'state.spec.hourOfDay'),
    dayOfWeek: flag(s.dayOfWeek, 'state.spec.dayOfWeek'),
    rollingWindow: positiveInteger(s.rollingWindow, 'state.spec.rollingWindow'),
    covariateNames: names,
    targetScaler: scalerFromJson(s.targetScaler, 'state.spec.targetScaler'),
    covariateScalers: scalers.map((c, i) => scalerFromJson(c, `state.spec.covariateScalers[${i}]`)),
  };
}

/** Loads an LSTM, TCN or dense forecaster saved by `serialize()`. */
export async function loadForecaster(artifact: ModelArtifact): Promise<TfjsForecaster> {
  const { metadata } = artifact;
  if (metadata.formatVersion !== 1) fail('metadata.formatVersion', metadata.formatVersion, 'be 1');
  if (!isTfjsKind(metadata.kind)) fail('metadata.kind', metadata.kind, "be 'lstm', 'tcn' or 'dense'");
  const forecaster = createForecaster(metadata.kind);
  if (metadata.fallback !== undefined) {
    forecaster.restore({ metadata });
    return forecaster;
  }
  const state = (artifact.state ?? {}) as TfjsState;
  const spec = specFromJson(state.spec);
  await initBackend();
  const model = await loadNetwork(state.topology, state.weightSpecs, artifact.weights);
  forecaster.restore({ metadata, network: { model, spec } });
  return forecaster;
}
