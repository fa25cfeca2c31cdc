/**
 * Serving a covariate twin: which host series a champion reads, how far back, and its prediction
 * input. The twin reads only its input window (plus what its rolling statistics look back over),
 * so covariates are aligned over that tail alone; a covariate with any step of it missing or too
 * old (a stopped feed) gives no input, and the caller serves the plain twin instead.
 */
import type { ModelMetadata, PredictInput, SeriesData } from '../forecast';
import { asModelVersionId, type ModelVersionId, type SeriesId } from '../shared';
import { alignCovariates, COVARIATE_MAX_AGE_MS, type CovariatePoints } from './covariate-alignment';
import { covariateSeriesId } from './covariate-twin';

/**
 * The covariates a stored model reads. Rows written outside the core (external models) carry no
 * `covariateNames`, whatever the type says: none.
 */
export function covariateNamesOf(metadata: ModelMetadata): readonly string[] {
  const names: unknown = metadata.covariateNames;
  return Array.isArray(names) ? (names as string[]) : [];
}

/** The plain model a twin falls back to (`hyperparameters.withoutCovariates`), if it is a twin. */
export function plainTwinOf(metadata: ModelMetadata): ModelVersionId | undefined {
  if (covariateNamesOf(metadata).length === 0) return undefined;
  const id = metadata.hyperparameters['withoutCovariates'];
  return typeof id === 'number' ? asModelVersionId(id) : undefined;
}

/** The host series a model reads as covariates (none for a plain model). */
export function covariateSeriesOf(metadata: ModelMetadata): SeriesId[] {
  return covariateNamesOf(metadata).flatMap((name) => covariateSeriesId(name) ?? []);
}

/** Newest points of the target a twin's prediction reads: its window and its rolling look-back. */
function tailPoints(metadata: ModelMetadata): number {
  const rolling = Number(metadata.hyperparameters['rollingWindow'] ?? 0);
  return (metadata.window ?? 1) + Math.max(0, rolling - 1);
}

/** How far back (ms before the issue time) a twin's covariates are read. */
export function covariateLookbackMs(metadata: ModelMetadata): number {
  return (tailPoints(metadata) + 2) * metadata.stepMs + COVARIATE_MAX_AGE_MS;
}

/**
 * The twin's input: the history's tail with each covariate aligned to it, or undefined when a
 * covariate is missing or stale there (the caller falls back to the plain twin).
 */
export function covariateInput(
  metadata: ModelMetadata,
  history: SeriesData,
  points: ReadonlyMap<SeriesId, CovariatePoints['points']>,
): PredictInput | undefined {
  const from = Math.max(0, history.values.length - tailPoints(metadata));
  const tail = {
    start: history.start + from * history.stepMs,
    stepMs: history.stepMs,
    values: history.values.slice(from),
  };
  const named = metadata.covariateNames.map((name) => {
    const id = covariateSeriesId(name);
    return { name, points: (id !== undefined && points.get(id)) || [] };
  });
  const { covariates, unaligned } = alignCovariates(tail, named);
  return unaligned.length === 0 ? { history: tail, covariates } : undefined;
}
