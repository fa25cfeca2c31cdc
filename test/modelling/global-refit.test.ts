import assert from 'node:assert/strict';
import { asGlobalVersionId, type GlobalModelVersion } from '../../src/db';
import { ModelKind, type ModelMetadata } from '../../src/forecast';
import {
  BREACH_RATIO,
  breachReason,
  FULL_REFIT_EVERY_MS,
  planRefit,
  UPDATE_EVERY_MS,
} from '../../src/modelling';

const T = Date.UTC(2026, 11, 1);
const version = (over: Partial<GlobalModelVersion> = {}): GlobalModelVersion => ({
  ...{ id: asGlobalVersionId(7), granularity: '1h', horizon: 6, version: 3, refit: 'update' },
  ...{ parentVersionId: asGlobalVersionId(6), fullRefitAt: T - 2 * UPDATE_EVERY_MS, dataTo: T, runId: 'r' },
  metadata: { kind: ModelKind.global, hyperparameters: { trainingLoss: 0.2 } } as unknown as ModelMetadata,
  createdAt: T,
  ...over,
});

describe('modelling/global-refit: when the global model retrains, and how', () => {
  it('refits in full for the first version, on request and on schedule', () => {
    assert.equal(planRefit(undefined, T, false).action, 'full');
    assert.equal(planRefit(version(), T + UPDATE_EVERY_MS, true).action, 'full');
    const old = version({ fullRefitAt: T - FULL_REFIT_EVERY_MS });
    assert.match(planRefit(old, T + 1, false).reason, /^schedule: last full refit on data to /);
  });

  it('leaves a version under a day old alone, then updates it', () => {
    assert.equal(planRefit(version(), T + UPDATE_EVERY_MS - 1, false).action, 'current');
    assert.deepEqual(planRefit(version(), T + UPDATE_EVERY_MS, false), {
      action: 'update',
      reason: 'warm start from version 3',
    });
  });

  it('calls a breach when the loss on the newest windows exceeds the ratio of the training loss', () => {
    assert.equal(breachReason(version(), 0.2 * BREACH_RATIO), undefined);
    assert.match(
      breachReason(version(), 0.2 * BREACH_RATIO * 1.5) ?? '',
      /^breach: version 3's loss .* 3\.00×/,
    );
    assert.equal(breachReason(version(), NaN), undefined, 'no windows: no breach');
  });
});
