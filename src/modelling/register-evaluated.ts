/**
 * What every trained candidate does once evaluated, a single kind or a served combination alike:
 * register its artifact with the validation metrics, seed its adaptive intervals from the
 * calibration residuals and the evaluation backtest's errors after them, and build the succeeded outcome its run records.
 */
import type { ModelKey } from '../db';
import type { ModelArtifact, ModelEvaluation } from '../forecast';
import { seedIntervals } from './adaptive-intervals';
import { foldMetrics, overallMetrics } from './run-metrics';
import type { Modelling } from './store';

export async function registerEvaluated(
  m: Modelling,
  key: ModelKey,
  runId: string,
  artifact: ModelArtifact,
  evaluation: ModelEvaluation,
  started: number,
) {
  const validationMetrics = overallMetrics(evaluation.calibration);
  const version = await m.store.registerVersion({ ...key, artifact, runId, validationMetrics });
  await seedIntervals(m.store, version.id, key.seriesId, {
    calibrationResiduals: evaluation.calibration.residuals,
    evaluationFolds: evaluation.evaluation.folds,
  });
  const outcome = {
    status: 'succeeded',
    metrics: overallMetrics(evaluation.evaluation),
    folds: foldMetrics(evaluation.evaluation),
    durationMs: Math.round(performance.now() - started),
    modelVersionId: version.id,
  } as const;
  return { version, validationMetrics, outcome };
}
