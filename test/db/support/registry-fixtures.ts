import { registerVersion, RegistryError, type ModelKey, type SeriesIdentity } from '../../../src/db';
import type { ModelArtifact } from '../../../src/forecast/types';
import { modelHorizon, type ModelVersionId } from '../../../src/shared';
import { snapshotTable, type TestDb } from '../../support/test-db';
import { cpuIdentity } from './seed';

/** The one series both registry test files register models for. */
export const identity: SeriesIdentity = cpuIdentity;

/**
 * An LSTM artifact for an issued `horizon` (its model forecasts the lead step too) with nested JSON
 * state and, if given, weights.
 */
export function artifact(horizon = 6, weights?: Uint8Array): ModelArtifact {
  return {
    metadata: {
      formatVersion: 1,
      kind: 'lstm',
      horizon: modelHorizon(horizon),
      stepMs: 3_600_000,
      seasonPeriod: 24,
      window: 48,
      covariateNames: ['mem'],
      hyperparameters: { units: 32, learningRate: 0.001, bidirectional: false },
      environment: { backend: 'wasm', tfjs: '4.22.0' },
      conformal: { q80: [1.5, 2], q95: [3, 4.25] },
      trainedAt: Date.UTC(2026, 10, 23),
    },
    state: {
      scaler: { mean: -0.1, std: 1e-12 },
      topology: { layers: [{ name: 'lstm_1', config: { units: 32, nested: [[1, [2, { deep: 'é≠✓' }]]] } }] },
      weightSpecs: [{ name: 'k', shape: [4, 32], dtype: 'float32' }],
      empty: {},
      nothing: null,
    },
    ...(weights ? { weights } : {}),
  };
}

const TABLES = ['model_versions', 'model_aliases', 'model_alias_history'] as const;
const ORDER = {
  model_versions: 'id',
  model_aliases: 'series_id, granularity, horizon, alias',
  model_alias_history: 'id',
};

/** Every row of the registry tables, for "nothing changed" assertions. */
export function snapshotRegistry(db: TestDb): Promise<string[]> {
  return Promise.all(TABLES.map((t) => snapshotTable(db, t, ORDER[t])));
}

/** Registers `artifact(k.horizon)` as the next version of `k` and returns its id. */
export async function registerArtifact(db: TestDb, k: ModelKey): Promise<ModelVersionId> {
  return (await registerVersion(db, { ...k, artifact: artifact(k.horizon) })).id;
}

/** An `assert.rejects` matcher for a `RegistryError` on `field` whose message matches `message`. */
export function refusal(field: string, message: RegExp): (error: unknown) => boolean {
  return (error: unknown) =>
    error instanceof RegistryError && error.field === field && message.test(error.message);
}
