/**
 * One catalogue of every model kind: statistical baselines and tfjs networks are created and
 * loaded through the same two functions, so evaluation, selection and the registry never switch
 * on kinds themselves.
 */
import {
  baselineHistoryPoints,
  createBaseline,
  isBaselineKind,
  loadBaseline,
  BASELINE_KINDS,
} from '../baselines';
import {
  createForecaster as createTfjsForecaster,
  isTfjsKind,
  loadForecaster as loadTfjsForecaster,
} from '../tfjs';
import { GlobalForecaster, loadGlobalForecaster } from '../global';
import { ModelKind, type Forecaster, type ModelArtifact } from '../types';
import { fail } from '../validate';
import { withConformal } from './conformal';
import { loadEnsemble, type EnsembleState } from './ensemble';

/** Kinds that can be created directly (an ensemble is assembled from fitted members instead). */
export type SingleModelKind = Exclude<ModelKind, typeof ModelKind.ensemble>;

/** The neural kinds, trained once per evaluation rather than refitted per origin. */
export const NEURAL_KINDS = [ModelKind.lstm, ModelKind.tcn, ModelKind.dense] as const;

/** Every single-model kind: baselines first, then the neural ones. */
export const SINGLE_MODEL_KINDS: readonly SingleModelKind[] = [...BASELINE_KINDS, ...NEURAL_KINDS];

/** Whether `kind` names a model that {@link createForecaster} can build. */
export function isSingleModelKind(kind: string): kind is SingleModelKind {
  return (SINGLE_MODEL_KINDS as readonly string[]).includes(kind);
}

/** A new, unfitted model of `kind`. */
export function createForecaster(kind: SingleModelKind): Forecaster {
  if (isBaselineKind(kind)) return createBaseline(kind);
  if (isTfjsKind(kind)) return createTfjsForecaster(kind);
  // Usually trained across series with `GlobalForecaster.train`; `fit` trains it on one.
  if (kind === ModelKind.global) return new GlobalForecaster();
  return fail('kind', kind, `be one of ${SINGLE_MODEL_KINDS.join(', ')}`);
}

/**
 * Rebuilds any serialized model: baseline, tfjs network, global model or ensemble. Conformal quantiles stored in
 * the metadata are re-applied, so the loaded model's intervals match the saved one's.
 */
export async function loadForecaster(artifact: ModelArtifact): Promise<Forecaster> {
  const { metadata } = artifact;
  if (metadata.formatVersion !== 1) fail('metadata.formatVersion', metadata.formatVersion, 'be 1');
  let model: Forecaster;
  if (metadata.kind === ModelKind.ensemble) model = await loadEnsemble(artifact, loadForecaster);
  else if (isBaselineKind(metadata.kind)) model = await loadBaseline(artifact);
  else if (isTfjsKind(metadata.kind)) model = await loadTfjsForecaster(artifact);
  else if (metadata.kind === ModelKind.global) model = await loadGlobalForecaster(artifact);
  else return fail('metadata.kind', metadata.kind, 'be a known model kind');
  return metadata.conformal === undefined ? model : withConformal(model, metadata.conformal);
}

/**
 * The newest points a stored model's forecast reads, when it is known: a baseline's
 * (`BaselineForecaster.historyPoints`) or, for an ensemble, the most any member reads. Undefined
 * for the networks and the global model (their readers keep their own lookback).
 */
export function historyPoints(artifact: ModelArtifact): number | undefined {
  const { metadata } = artifact;
  if (isBaselineKind(metadata.kind)) return baselineHistoryPoints(metadata);
  if (metadata.kind !== ModelKind.ensemble) return undefined;
  const members = (artifact.state as EnsembleState).members.map((m) =>
    historyPoints({ metadata: m.metadata, state: m.state }),
  );
  return members.every((n): n is number => n !== undefined) ? Math.max(...members) : undefined;
}
